// rom-parser output and `ls -l[Z]` of one file, read as facts (romImages, fileStats) for the VM rules.
import { describe, it, expect } from 'vitest';
import { hostFrom, paste } from '../harness';

describe('rom-parser output', () => {
  it('groups the images of one ROM until "Last image", with the PCIR ids and code types', () => {
    const f = hostFrom(
      paste(
        '$ ./rom-parser /tmp/vbios.rom',
        'Valid ROM signature found @0h, PCIR offset 1a0h',
        '\tPCIR: type 0 (x86 PC-AT), vendor: 10de, device: 1B81, class: 030000',
        '\tPCIR: revision 3, vendor revision: 1',
        'Valid ROM signature found @e800h, PCIR offset 1ch',
        '\tPCIR: type 3 (EFI), vendor: 10de, device: 1b81, class: 030000',
        '\tPCIR: revision 3, vendor revision: 0',
        '\t\tEFI: Signature Valid, Subsystem: Boot, Machine: X64',
        '\tLast image',
      ),
    ).facts;
    expect(f.romImages).toHaveLength(1);
    expect(f.romImages![0]).toMatchObject({ vendor: '10de', device: '1b81', types: [0, 3], complete: true });
    expect(f.unparsed.count).toBe(0);
  });

  it('two ROMs read one after the other stay apart; a cut one is incomplete', () => {
    const one = (dev: string, last: boolean) => ['Valid ROM signature found @0h, PCIR offset 1ch', `\tPCIR: type 3, vendor: 1002, device: ${dev}, class: 030000`, ...(last ? ['\tLast image'] : [])];
    const f = hostFrom(paste('$ ./rom-parser a.rom', ...one('73bf', true), '$ ./rom-parser b.rom', ...one('73df', false))).facts;
    expect(f.romImages!.map((r) => [r.device, r.types, r.complete])).toEqual([
      ['73bf', [3], true],
      ['73df', [3], false],
    ]);
  });
});

describe('ls -l of one file', () => {
  it('a regular file with and without an SELinux context, and a missing one', () => {
    const f = hostFrom(
      paste(
        '$ ls -lZ /home/ann/1070.rom',
        '-rw-------. 1 ann ann unconfined_u:object_r:user_home_t:s0 262144 Dec  6 10:00 /home/ann/1070.rom',
        '$ ls -l /usr/share/kvm/a.rom',
        '-rw-r--r-- 1 root root 262144 Mar 14  2024 /usr/share/kvm/a.rom',
        '$ ls -l /usr/share/vgabios/b.rom',
        "ls: cannot access '/usr/share/vgabios/b.rom': No such file or directory",
      ),
    ).facts;
    expect(f.fileStats).toEqual({
      '/home/ann/1070.rom': expect.objectContaining({ exists: true, perms: '-rw-------', owner: 'ann', group: 'ann', label: 'unconfined_u:object_r:user_home_t:s0' }),
      '/usr/share/kvm/a.rom': expect.objectContaining({ exists: true, perms: '-rw-r--r--', owner: 'root', label: undefined }),
      '/usr/share/vgabios/b.rom': expect.objectContaining({ exists: false }),
    });
  });

  it('/dev/kvm keeps its own reading', () => {
    const f = hostFrom(paste('$ ls -l /dev/kvm', "ls: cannot access '/dev/kvm': No such file or directory")).facts;
    expect(f.devKvm).toBe(false);
    expect(f.fileStats).toBeUndefined();
  });
});
