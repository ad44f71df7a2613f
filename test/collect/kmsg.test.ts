// /dev/kmsg read without a process: its records printed as `dmesg` prints them, and dmesg only when that cannot be exact.
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { kmsgAsDmesg, collectKernelLog } from '../../src/collect/kernel-log';
import { liveIO } from '../../src/collect/live-io';
import type { HostIO, RunResult } from '../../src/collect/io';

// Records as a 6.x kernel writes them (Documentation/ABI/testing/dev-kmsg), dictionary lines included.
const REC = {
  version: '5,0,0,-;Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC\n',
  dmar: '6,301,512880,-;DMAR: IOMMU enabled\n',
  pci: '6,402,1204511,-;pci 0000:01:00.0: Adding to iommu group 14\n SUBSYSTEM=pci\n DEVICE=+pci:0000:01:00.0\n',
  tab: '6,90,242970,-;rcu: \\x09RCU restricting CPUs from NR_CPUS=256 to nr_cpu_ids=2.\n',
  newline: '4,285,426102,-;amd_pstate: The CPPC feature is supported but currently disabled by the BIOS.\\x0aPlease enable it if your BIOS has the CPPC option.\n',
  utf8: '6,500,3000000,-;usb 1-1: Manufacturer: Gr\\xc3\\xbcn\n',
  backslash: '6,501,3000001,-;path C:\\x5cwin\n',
  late: '6,900,123456789012,-;vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)\n',
  empty: '6,902,123456789013,-;\n',
  caller: '6,903,123456789014,-,caller=T1;a message with its caller\n',
};

describe('kmsgAsDmesg', () => {
  it('prints each record with dmesg\'s raw timestamp, leaving out dictionary lines', () => {
    expect(kmsgAsDmesg([REC.version, REC.dmar, REC.pci, REC.late])).toBe(
      [
        '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC',
        '[    0.512880] DMAR: IOMMU enabled',
        '[    1.204511] pci 0000:01:00.0: Adding to iommu group 14',
        '[123456.789012] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
      ].join('\n'),
    );
  });

  it('decodes blanks, printable bytes and inner newlines as dmesg does, and keeps other bytes escaped', () => {
    expect(kmsgAsDmesg([REC.tab])).toBe('[    0.242970] rcu: \tRCU restricting CPUs from NR_CPUS=256 to nr_cpu_ids=2.');
    expect(kmsgAsDmesg([REC.newline])).toBe(
      '[    0.426102] amd_pstate: The CPPC feature is supported but currently disabled by the BIOS.\n               Please enable it if your BIOS has the CPPC option.',
    );
    expect(kmsgAsDmesg([REC.utf8])).toBe('[    3.000000] usb 1-1: Manufacturer: Gr\\xc3\\xbcn');
    expect(kmsgAsDmesg([REC.backslash])).toBe('[    3.000001] path C:\\win');
    expect(kmsgAsDmesg([REC.dmar, REC.empty, REC.dmar])).toBe('[    0.512880] DMAR: IOMMU enabled\n\n[    0.512880] DMAR: IOMMU enabled');
  });

  it('leaves records it cannot print exactly to dmesg', () => {
    expect(kmsgAsDmesg([REC.dmar, REC.caller])).toBeUndefined();
    expect(kmsgAsDmesg(['no header at all\n'])).toBeUndefined();
    expect(kmsgAsDmesg([])).toBeUndefined();
  });
});

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '', missing: false, timedOut: false });
const denied: RunResult = { exitCode: 1, stdout: '', stderr: 'dmesg: read kernel buffer failed: Operation not permitted', missing: false, timedOut: false };

function host(records: () => string[] | undefined, answers: Record<string, RunResult>): HostIO & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    label: 'fake',
    readFile: async () => undefined,
    readBytes: async () => undefined,
    readDir: async () => undefined,
    readLink: async () => undefined,
    stat: async () => undefined,
    euid: () => 0,
    readRecords: async () => records(),
    run: async (argv) => (calls.push(argv[0]!), answers[argv[0]!] ?? denied),
  };
}

describe('collectKernelLog on a live host', () => {
  it('reads /dev/kmsg and starts no process', async () => {
    const io = host(() => [REC.version, REC.dmar], { dmesg: ok('not this') });
    const r = await collectKernelLog(io);
    expect(r.source).toEqual({ source: 'dmesg', kind: 'kernel-log', text: '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC\n[    0.512880] DMAR: IOMMU enabled' });
    expect(io.calls).toEqual([]);
  });

  it('runs dmesg when /dev/kmsg is denied (dmesg_restrict), missing or not exactly printable', async () => {
    const eperm = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    for (const records of [() => { throw eperm; }, () => undefined, () => [REC.caller]]) {
      const io = host(records, { dmesg: ok('[    0.1] from dmesg') });
      expect((await collectKernelLog(io)).source?.text).toBe('[    0.1] from dmesg');
      expect(io.calls).toEqual(['dmesg']);
    }
  });

  it('then journalctl -k -b', async () => {
    const io = host(() => { throw Object.assign(new Error('EPERM'), { code: 'EPERM' }); }, { journalctl: ok('Dec 06 10:00:00 box kernel: DMAR: IOMMU enabled') });
    expect((await collectKernelLog(io)).source?.source).toBe('journalctl -k -b');
    expect(io.calls).toEqual(['dmesg', 'journalctl']);
  });
});

// On a host where both can be read (root, or dmesg_restrict=0), the two must agree byte for byte.
const readable = (() => {
  try {
    execFileSync('dmesg', { stdio: 'ignore', env: { ...process.env, LC_ALL: 'C' } });
    return existsSync('/dev/kmsg');
  } catch {
    return false;
  }
})();
describe.skipIf(!readable)('this host', () => {
  it('reads /dev/kmsg into exactly what LC_ALL=C dmesg prints', async () => {
    const io = liveIO();
    const records = await io.readRecords!('/dev/kmsg', 1 << 20);
    const dmesg = execFileSync('dmesg', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }).replace(/\n$/, '');
    const text = kmsgAsDmesg(records!);
    // A record written between the two reads is the only allowed difference: compare what both hold.
    const lines = dmesg.split('\n').length;
    if (text !== undefined) expect(text.split('\n').slice(0, lines).join('\n')).toBe(dmesg);
  });
});
