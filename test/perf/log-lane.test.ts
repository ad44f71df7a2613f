// The big-input lane (src/parse/log-lane.ts) reads exactly what the plain path reads: same report for every paste we
// have, alone or buried in a week of chatter; exact line numbers; repeats folded to the first three and the last.
import { describe, it, expect, afterEach } from 'vitest';
import { diagnose } from '../../src/index';
import { laneLines, logLaneTuning } from '../../src/parse/log-lane';
import { corpus, withLogChatter } from '../corpus';
import { readdirSync } from 'node:fs';
import { collectHost } from '../../src/collect/index';
import { fixturePath } from '../harness';

const NOW = new Date('2026-01-01T00:00:00Z');
const DEFAULT = { ...logLaneTuning };

afterEach(() => Object.assign(logLaneTuning, DEFAULT));

/** The report through the plain path and through the lane (forced on, whatever the size). */
function both(text: string) {
  logLaneTuning.minBytes = Infinity;
  const plain = diagnose([{ source: 'pasted text', text }], { now: NOW });
  logLaneTuning.minBytes = 0;
  const lane = diagnose([{ source: 'pasted text', text }], { now: NOW });
  return { plain, lane };
}

/** A journal line of chatter no consumer reads, numbered so that no two are the same message. */
const chatter = (i: number) => `Nov 25 13:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} host kernel: usb 3-2: reset SuperSpeed USB device number ${i} using xhci_hcd`;

describe('the big-input lane', () => {
  it('gives the plain path\'s report for every paste we have', () => {
    let n = 0;
    for (const [name, text] of corpus()) {
      const { plain, lane } = both(text);
      expect(lane, name).toEqual(plain);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it('gives the plain path\'s report when every paste sits among chatter (a week of journalctl -k)', () => {
    for (const [name, text] of corpus()) {
      const { plain, lane } = both(withLogChatter(text));
      expect(lane, name).toEqual(plain);
    }
  });

  it('keeps every message of the knowledge base\'s log table when it sits, stamped, in the middle of chatter', () => {
    let n = 0;
    for (const [name, text] of corpus().filter(([name]) => name.startsWith('log table: '))) {
      const msg = text.trim();
      // The kernel's messages get a journal stamp, a program's its own name; stamped lines and what QEMU, libvirt and
      // the initramfs tools print on a terminal stay as they are.
      // So do Proxmox's task log and GUI, kvm-ok, virt-host-validate and KubeVirt's events.
      const own = /^(?:\[|\w{3} [ \d]\d \d\d:|\d{4}-\d\d-|qemu|error:|internal error|libvirt|modprobe: |vfio [0-9a-f]{4}:|==> |dracut|TASK ERROR: |No IOMMU detected|INFO: |server error|QEMU: Checking)/.test(msg);
      // Every stamp the lane knows: journal, rsyslog's copy of the kernel's stamp, dmesg with a printk caller id, -T.
      const stamps = own
        ? ['']
        : /^[\w.-]+\[\d+\]: /.test(msg)
          ? ['Nov 25 13:04:00 host ']
          : ['Nov 25 13:04:00 host kernel: ', 'Nov 25 13:04:00 host kernel: [   12.345678] ', '[   12.345678] [  T123] ', '[   12.345678] c3       1 ', '[Mon Nov 25 13:04:00 2026] '];
      for (const stamp of stamps) {
        const { plain, lane } = both([chatter(1), chatter(2), `${stamp}${msg}`, chatter(3)].join('\n'));
        expect(lane, `${stamp}${name}`).toEqual(plain);
      }
      n++;
    }
    expect(n).toBeGreaterThan(30);
  });

  it('gives the plain path\'s report for every fixture sysroot, whose collected log it reads whatever its size', async () => {
    for (const name of readdirSync(fixturePath('sysroots'))) {
      const sources = await collectHost({ root: fixturePath(`sysroots/${name}`) });
      expect(sources.some((s) => s.kind === 'kernel-log'), name).toBe(true);
      logLaneTuning.collectedMinBytes = Infinity;
      const plain = diagnose(sources, { now: NOW, live: true });
      logLaneTuning.collectedMinBytes = 0;
      const lane = diagnose(sources, { now: NOW, live: true });
      expect(lane, name).toEqual(plain);
    }
  });

  it('leaves out plain kernel lines nobody reads, and keeps every other kind of line with its own number', () => {
    logLaneTuning.minBytes = 0;
    const lines = [
      '$ sudo dmesg',
      '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP',
      '[    1.100000] usb 1-1: new high-speed USB device number 2 using ehci-pci',
      '[    1.200000] DMAR: IOMMU enabled',
      '[    1.300000] EXT4-fs (sda1): mounted filesystem',
      '[    1.400000] pci 0000:01:00.0: BAR 0: can\'t reserve [mem 0xf0000000-0xf0ffffff]',
      '$ lspci -nnk',
      '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [10de:2204] (rev a1)',
      '\tKernel driver in use: nvidia',
      ...Array.from({ length: 50 }, (_, i) => chatter(i)),
      'Nov 25 13:05:00 host kernel: audit: type=1400 audit(1.1:2): apparmor="DENIED" name="/dev/vfio/vfio"',
      'Nov 25 13:05:01 host kernel: vfio-pci 0000:01:00.0: Unable to change power state from D3cold to D0, device inaccessible',
    ];
    const r = laneLines(lines.join('\n') + '\n')!;
    const kept = r.lines.map((l, i) => [r.nos[i]!, l] as const);
    for (const [no, l] of kept) expect(lines[no - 1], `line ${no}`).toBe(l);
    const texts = r.lines.join('\n');
    expect(texts).not.toMatch(/EXT4-fs|new high-speed USB/);
    for (const must of ['$ sudo dmesg', 'Linux version', 'DMAR: IOMMU enabled', "can't reserve", '$ lspci -nnk', 'VGA compatible', 'Kernel driver in use', 'D3cold'])
      expect(texts, must).toContain(must);
    // The first line after other output is kept (the first message of a log section), the rest of the chatter is not.
    expect(r.lines.filter((l) => l.includes('usb 3-2')).length).toBe(1);
    expect(r.dropped + r.lines.length + r.folded).toBe(lines.length);
  });

  it('folds a message repeated thousands of times to its first three and its last occurrence', () => {
    logLaneTuning.minBytes = 0;
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      lines.push(`[${(10 + i).toFixed(6).padStart(12)}] vfio-pci 0000:0b:00.0: enabling device (0000 -> 0003)`);
      lines.push(chatter(i));
    }
    lines.push('[99999.000000] vfio-pci 0000:0b:00.0: vfio_bar_restore: reset recovery - restoring BARs');
    const r = laneLines(lines.join('\n'))!;
    const enabling = r.nos.filter((_, i) => r.lines[i]!.includes('enabling device'));
    expect(enabling).toEqual([1, 3, 5, 9999]);
    expect(r.lines.at(-1)).toContain('restoring BARs');
    expect(r.folded).toBe(5000 - 4);
  });

  it('keeps a line for a rule word found through its anchor or the second scan, and only when the word is there', () => {
    logLaneTuning.minBytes = 0;
    const lines = [
      ...Array.from({ length: 5 }, (_, i) => chatter(i)),
      // Anchors ("AMD_", "IVRS", "BIOS") with their words, and without them.
      'Nov 25 13:05:00 host kernel: pcieport 0000:00:03.1: AMD_POLARIS10: performing post-reset',
      'Nov 25 13:05:01 host kernel: pcieport 0000:00:03.1: firmware names AMD_POLARIS10 without its colon',
      'Nov 25 13:05:02 host kernel: thinkpad_acpi: BIOS version is N1ET63W',
      'Nov 25 13:05:03 host kernel: ccp 0000:0b:00.2: IOAPIC[32] not in IVRS table',
      'Nov 25 13:05:04 host kernel: ccp 0000:0b:00.2: IVRS table is fine',
      // Words without capitals (the second scan: "ready", "simple-framebuffer", "vfio_bar_restore"), and near misses.
      'Nov 25 13:05:05 host kernel: wlan0: interface ready for traffic',
      'Nov 25 13:05:06 host kernel: pcieport 0000:00:01.1: not ready 1023ms after FLR; waiting',
      'Nov 25 13:05:07 host kernel: pcieport 0000:00:01.1: ready 2047ms after FLR',
      'Nov 25 13:05:08 host kernel: fb0: switching to simple-framebuffer from EFI VGA',
      'Nov 25 13:05:09 host kernel: foo_drv 0000:03:00.0: vfio_bar_restore happens elsewhere',
      ...Array.from({ length: 5 }, (_, i) => chatter(100 + i)),
    ];
    const r = laneLines(lines.join('\n') + '\n')!;
    const kept = r.lines.join('\n');
    for (const must of ['AMD_POLARIS10: performing', 'not in IVRS table', 'not ready 1023ms', ': ready 2047ms', 'simple-framebuffer from'])
      expect(kept, must).toContain(must);
    for (const not of ['without its colon', 'BIOS version', 'IVRS table is fine', 'interface ready', 'vfio_bar_restore happens'])
      expect(kept, not).not.toContain(not);
    for (const [i, l] of r.lines.entries()) expect(lines[r.nos[i]! - 1]).toBe(l);
    expect(r.dropped + r.lines.length + r.folded).toBe(lines.length);
    // The plain path reads the same.
    const { plain, lane } = both(lines.join('\n') + '\n');
    expect(lane).toEqual(plain);
  });

  it('still finds a bare carriage return in the rest of a line an anchor led to', () => {
    logLaneTuning.minBytes = 0;
    expect(laneLines(`${chatter(1)}\n${chatter(2)} BIOS\rmore\n${chatter(3)}\n`)).toBeUndefined();
    expect(laneLines(`${chatter(1)}\n${chatter(2)} ready\rmore\n${chatter(3)}\n`)).toBeUndefined();
    expect(laneLines(`${chatter(1)}\r\n${chatter(2)} BIOS\r\n${chatter(3)}\r\n`)?.lines).toEqual([chatter(1)]);
  });

  it('steps aside for text with bare carriage returns, and for small text', () => {
    logLaneTuning.minBytes = 0;
    expect(laneLines('[    1.0] DMAR: IOMMU enabled\r[    2.0] usb 1-1: new device\n')).toBeUndefined();
    expect(laneLines('[    1.0] DMAR: IOMMU enabled\r\n[    2.0] usb 1-1: new device\r\n')?.lines).toEqual(['[    1.0] DMAR: IOMMU enabled']);
    logLaneTuning.minBytes = DEFAULT.minBytes;
    expect(laneLines('[    1.0] DMAR: IOMMU enabled\n')).toBeUndefined();
  });
});
