// keyValues, one match at a time, finds exactly what matchAll over the same pattern finds, on odd and random text.
import { describe, it, expect } from 'vitest';
import { keyValues } from '../../src/parse/sysfs';
import { rng } from '../harness';

/** The pattern as matchAll reads it (how the pairs were always read). */
const byRegex = (s: string): [string, string][] => [...s.matchAll(/([\w-]+)=("([^"]*)"|\S*)/g)].map((m) => [m[1]!, m[3] ?? m[2]!]);


describe('keyValues', () => {
  it('reads collected lines, quoted names and cut-off lines as the regex does', () => {
    for (const s of [
      'vendor=10de device=2204 class=030000 subsystem=1458:403b driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=17 reset_method=flr,bus power_state=D0 name="NVIDIA Corporation GA102 [GeForce RTX 3090]"',
      'vendor=10de name="cut off here',
      'name="" x= y',
      'a=b=c ==d -=- _=_',
      'foo.bar=1 .=2 é=3 ké=4',
      'k="multi\nline" next=1',
      'tab\tkey=v\u00a0w\u3000z=9',
      'x="unterminated value with=pairs inside',
      '',
      '=',
      'k=',
    ])
      expect(keyValues(s), JSON.stringify(s)).toEqual(byRegex(s));
  });

  it('agrees with the regex on 5,000 random strings of the characters that matter', () => {
    const next = rng(0x5eed);
    const alphabet = ['a', 'Z', '0', '_', '-', '=', '"', ' ', '\t', '\n', '.', ':', ',', 'é', '\u00a0', '\u2028', '\ufeff', '('];
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = Math.floor(next() * 40);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      expect(keyValues(s), JSON.stringify(s)).toEqual(byRegex(s));
    }
  });
});
