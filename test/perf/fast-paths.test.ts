// The fast paths for big inputs (shape classification of log lines, dropping log chatter from huge logs, reading PCI
// attributes through the device's own folder) give exactly what the plain paths give, on every fixture we have.
import { describe, it, expect, afterEach } from 'vitest';
import { readdirSync } from 'node:fs';
import { diagnose } from '../../src/index';
import { classify, classifySlow, promptCommand } from '../../src/parse/detect';
import { PARSERS } from '../../src/parse/registry';
import { kernelLogTuning } from '../../src/parse/kernel-log';
import { stripControl } from '../../src/parse/line';
import { collectPci } from '../../src/collect/pci';
import { sysrootIO } from '../../src/collect/sysroot-io';
import type { HostIO } from '../../src/collect/io';
import { fixturePath } from '../harness';
import { corpus, withChatter } from '../corpus';

const NOW = new Date('2026-01-01T00:00:00Z');

describe('classify(): the journal/dmesg fast lane', () => {
  it('answers what trying every shape in order answers, for every fixture line, plain and stamped', () => {
    const prevs = [undefined, PARSERS['kernel-log'], PARSERS.lspci, PARSERS['iommu-groups'], PARSERS['build-log'], PARSERS.meminfo];
    let checked = 0;
    for (const [name, text] of corpus()) {
      for (const raw of text.split(/\r\n|\r|\n/)) {
        const t = stripControl(raw).trimEnd();
        if (!t.trim()) continue;
        const body = t.trim();
        const variants = [t, `[    1.234567] ${body}`, `[Mon Nov 25 13:03:11 2026] ${body}`, `Nov 25 13:03:11 host kernel: ${body}`, `Dec  1 08:00:00 host dracut[12]: ${body}`, `Feb 03 08:00:00 host ${body}`];
        for (const v of variants)
          for (const prev of prevs) {
            expect(classify(v, prev)?.kind, `${name}: ${v}`).toBe(classifySlow(v, prev)?.kind);
            checked++;
          }
        // sniff() does not look for a shell prompt in journal and dmesg lines: none can be one.
        for (const v of variants.slice(1)) expect(promptCommand(v), v).toBeUndefined();
      }
    }
    for (const v of ['Nov 25 13:03:11 host kernel: /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:4', "Nov 25 13:03:11 host dracut[1]: dracut-install: Failed to find module 'vfio_virqfd'", '[    2.1] ==> ERROR: module not found: \'vfio_virqfd\''])
      expect(classify(v, undefined)?.kind, v).toBe(classifySlow(v, undefined)?.kind);
    expect(checked).toBeGreaterThan(10000);
  });
});

describe('very large logs: chatter is not kept', () => {
  afterEach(() => {
    kernelLogTuning.keepAllFrom = 20000;
  });

  const both = (text: string) => {
    kernelLogTuning.keepAllFrom = Infinity;
    const all = diagnose([{ source: 'pasted text', text }], { now: NOW });
    kernelLogTuning.keepAllFrom = 0;
    const filtered = diagnose([{ source: 'pasted text', text }], { now: NOW });
    return { all, filtered };
  };

  it('changes no report of any fixture, even when applied to every log however small', () => {
    for (const [name, text] of corpus()) {
      const { all, filtered } = both(text);
      expect(filtered, name).toEqual(all);
    }
  });

  it('changes no report when every fixture line sits among chatter (a week of journalctl -k)', () => {
    for (const [name, text] of corpus()) {
      const { all, filtered } = both(withChatter(text));
      expect(filtered, name).toEqual(all);
    }
  });

  it('keeps the first message even when it is chatter (a full boot log with no IOMMU line points at it)', () => {
    const text = withChatter('[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02) #45-Ubuntu SMP\n[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro');
    const { all, filtered } = both(`Nov 25 13:03:11 host kernel: usb 1-1: new high-speed USB device number 2 using ehci-pci\n${text}`);
    expect(filtered).toEqual(all);
  });
});

describe('collectPci(): attributes read through the device folder', () => {
  it('lists the same devices as reading through /sys/bus/pci/devices/BDF, on every fixture sysroot', async () => {
    for (const name of readdirSync(fixturePath('sysroots'))) {
      const io = sysrootIO(fixturePath(`sysroots/${name}`));
      const read: string[] = [];
      const spy: HostIO = { ...io, readFile: (p, m) => (read.push(p), io.readFile(p, m)) };
      // A link above the devices folder makes collectPci read every attribute through the BDF links instead.
      const linked: HostIO = { ...io, readLink: (p) => (p === '/sys/bus' ? Promise.resolve('../elsewhere') : io.readLink(p)) };
      const fast = await collectPci(spy);
      const plain = await collectPci(linked);
      expect(fast, name).toEqual(plain);
      if (fast?.count) expect(read.some((p) => p.startsWith('/sys/devices/')), name).toBe(true);
    }
  });
});
