// The VM rules on a VM read from a running QEMU's command line (kind 'qemu'), as on a libvirt or Proxmox definition.
import { describe, it, expect } from 'vitest';
import { diagnoseFull } from '../../src/index';
import { paste } from '../harness';
import { hostPaste } from '../vm-pastes';

const run = (text: string) => diagnoseFull([{ source: 'pasted text', text }], { live: false, now: new Date(0) }).report;

describe('VM rules on a QEMU command line', () => {
  it('an i440fx QEMU given the GPU but not its audio: the VM rules say so, naming the running VM', () => {
    const r = run(
      hostPaste('snd_hda_intel') +
        paste(
          '$ ps -ef | grep qemu',
          'libvirt+ 2417 1 99 10:02 ? 00:14:01 /usr/bin/qemu-system-x86_64 -name guest=win10,debug-threads=on -machine pc-i440fx-7.2,usb=off -m 8192 -device vfio-pci,host=0000:01:00.0,id=hostdev0,bus=pci.0,addr=0x5',
        ),
    );
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    expect(byId.get('vm-pcie-on-i440fx')?.message).toContain('running libvirt VM "win10"');
    expect(byId.get('vm-pcie-on-i440fx')?.evidence[0]?.text).toContain('-machine pc-i440fx-7.2');
    expect(byId.has('vm-hostdev-group-incomplete')).toBe(true);
  });
});
