// device-reset-timeout: table-driven cases (fires, stays quiet, cannot check) and the rule's fixture pastes, run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';

const ID = 'device-reset-timeout';
const wait = (bdf: string, ms: number, ev = 'FLR', stamp = '[ 1388.4]') => `${stamp} vfio-pci 0000:${bdf}: not ready ${ms}ms after ${ev}; waiting`;
const gaveUp = (bdf: string, ev = 'FLR') => `[ 1456.6] vfio-pci 0000:${bdf}: not ready 65535ms after ${ev}; giving up`;
const LSPCI = '0b:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO [144d:a80a]';

type Expect = { severity: 'error' | 'warning'; id: 'gaveUp' | 'stillWaiting'; data: Record<string, unknown>; steps: RegExp[]; noSteps?: RegExp[] }[];
const cases: { name: string; text: string; expect: Expect | 'none' | RegExp }[] = [
  { name: 'FLR never finishes: giving up', text: paste(wait('0b:00.0', 1023), wait('0b:00.0', 32767), gaveUp('0b:00.0')), expect: [{ severity: 'error', id: 'gaveUp', data: { name: expect.stringMatching(/^0b:00\.0 /), event: 'FLR', ms: 65535, power: false }, steps: [/echo bus > \/sys\/bus\/pci\/devices\/0000:0b:00\.0\/reset_method/] }] },
  { name: 'the journal form of the giving-up line, with lspci naming the device', text: paste('$ lspci -nn', LSPCI, '$ journalctl -k', 'Mar 03 21:14:09 host kernel: vfio-pci 0000:0b:00.0: not ready 65535ms after bus reset; giving up'), expect: [{ severity: 'error', id: 'gaveUp', data: { name: expect.stringMatching(/^0b:00\.0 Non-Volatile memory controller/), event: 'bus reset' }, steps: [/reset_method/], noSteps: [/echo bus/] }] },
  { name: 'the log ends while the kernel waits (iGPU on bus 00: no bus reset guessed)', text: paste(wait('00:02.0', 1023)), expect: [{ severity: 'warning', id: 'stillWaiting', data: { ms: 1023, event: 'FLR', power: false }, steps: [/cat \/sys\/bus\/pci\/devices\/0000:00:02\.0\/reset_method/], noSteps: [/echo bus/] }] },
  { name: 'the device\'s reset methods are known: the first other one is offered', text: paste('$ grep . /sys/bus/pci/devices/*/reset_method', '/sys/bus/pci/devices/0000:0b:00.0/reset_method:flr bus', '$ dmesg', gaveUp('0b:00.0')), expect: [{ severity: 'error', id: 'gaveUp', data: { event: 'FLR' }, steps: [/echo bus >/] }] },
  { name: 'a power transition points at the D3 problem', text: paste('[   87.41] nvidia 0000:01:00.0: not ready 65535ms after resume; giving up'), expect: [{ severity: 'error', id: 'gaveUp', data: { event: 'resume', power: true }, steps: [/Shut the host down/], noSteps: [/reset_method/] }] },
  { name: 'two devices, one finding each', text: paste(gaveUp('0b:00.0'), gaveUp('0c:00.0')), expect: [{ severity: 'error', id: 'gaveUp', data: { name: expect.stringMatching(/^0b:00\.0 /) }, steps: [] }, { severity: 'error', id: 'gaveUp', data: { name: expect.stringMatching(/^0c:00\.0 /) }, steps: [] }] },
  { name: 'unstamped, as pasted in prose', text: paste('vfio-pci 0000:0b:00.0: not ready 65535ms after FLR; giving up'), expect: [{ severity: 'error', id: 'gaveUp', data: { name: expect.stringMatching(/^0b:00\.0 /), event: 'FLR' }, steps: [] }] },
  // Must not fire.
  { name: 'slow but back: ready after the wait', text: paste(wait('00:02.0', 1023), '[  882.58] vfio-pci 0000:00:02.0: ready 1023ms after FLR'), expect: 'none' },
  { name: 'a device that came back, another device quiet', text: paste(wait('0b:00.0', 1023), '[ 1389.1] vfio-pci 0000:0b:00.0: ready 2047ms after FLR', '[ 1390.0] vfio-pci 0000:0c:00.0: enabling device (0000 -> 0003)'), expect: 'none' },
  { name: 'a ready line alone', text: paste('[  944.92] vfio-pci 0000:00:02.0: ready 1023ms after FLR'), expect: 'none' },
  { name: 'an over-long event name is not read (bounded)', text: paste(`[ 1.0] vfio-pci 0000:0b:00.0: not ready 5ms after ${'x'.repeat(40)}; giving up`), expect: 'none' },
  // Unknown is not false.
  { name: 'only lspci', text: paste(LSPCI), expect: /no kernel log/ },
];

describe(ID, () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(r.messages[i]).toMatchObject({ messageId: e.id, data: e.data });
      const steps = f.fixes.flatMap((x) => x.steps).map((s) => ('argv' in s && s.argv ? s.argv.join(' ') : '') + ' ' + s.description).join('\n');
      for (const re of e.steps) expect(steps).toMatch(re);
      for (const re of e.noSteps ?? []) expect(steps).not.toMatch(re);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.devices?.length).toBe(1);
    });
  });

  it('evidence keeps the first waits and the giving-up line, not every line', () => {
    const lines = [1023, 2047, 4095, 8191, 16383, 32767].map((ms) => wait('0b:00.0', ms));
    const f = runRule(rule, paste(...lines, gaveUp('0b:00.0'))).findings[0]!;
    expect(f.evidence.map((e) => e.text)).toEqual([lines[0], lines[1], gaveUp('0b:00.0')]);
  });

  it('is a consequence of the D3, muxless-laptop and AMD reset problems', () => {
    expect(rule.meta.consequenceOf).toEqual(expect.arrayContaining(['d3-power-state-issues', 'laptop-muxless-dgpu', 'amd-reset-bug']));
  });

  it('fixture: a reset that never finishes fires once, as an error', () => {
    const r = runRule(rule, fixture(`rules/${ID}/fires.txt`));
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('fixture: an iGPU that came back after a second is clean', () => {
    expect(runRule(rule, fixture(`rules/${ID}/clean.txt`)).findings).toEqual([]);
  });
});
