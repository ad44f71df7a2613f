// stripLogPrefix's one-regex path for syslog's kernel lines gives what the general stamp-by-stamp path gives.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { stripLogPrefix, stripLogPrefixes } from '../../src/parse/kernel-log';

// Lines as rsyslog writes them to /var/log/kern.log (Debian, Ubuntu, Proxmox), and their near misses.
const REAL = [
  'Nov 25 08:00:00 big-server kernel: [    0.004200] pci 0000:00:00.0: Adding to iommu group 0',
  'Nov 25 08:00:00 pve kernel: [    0.000000] Linux version 6.8.12-4-pve (build@proxmox) #1 SMP PREEMPT_DYNAMIC',
  'Dec  1 12:00:01 host kernel: [    1.234567] [    T1] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  'Jan  9 07:03:11.123456 host kernel: [drm] Initialized simpledrm 1.0.0 20200625 for simple-framebuffer.0 on minor 0',
  'Feb 28 23:59:59 host kernel: DMAR: IOMMU enabled',
  'Mar  3 03:03:03 host kernel[123]: odd program shape',
  'Apr  4 04:04:04 host kernel:no space',
  'May  5 05:05:05 host kernel: [    0.000000]',
  'Jun  6 06:06:06 host systemd[1]: Started Journal Service.',
  '  Jul  7 07:07:07 host kernel: [    2.000000] leading blanks',
];

describe('stripLogPrefix on syslog kernel lines', () => {
  it('reads real kern.log lines as the general path does', () => {
    for (const l of REAL) expect(stripLogPrefix(l), l).toEqual(stripLogPrefixes(l));
    expect(stripLogPrefix(REAL[0]!)).toEqual({ message: 'pci 0000:00:00.0: Adding to iommu group 0', stamped: true, zeroTime: false });
    expect(stripLogPrefix(REAL[1]!)?.zeroTime).toBe(true);
    expect(stripLogPrefix(REAL[2]!)?.message).toBe('vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)');
  });

  it('gives what the general path gives for any stamp, host, program and inner stamp', () => {
    const month = fc.constantFrom('Nov', 'Dec', 'Jan', 'Foo', 'nov');
    const day = fc.constantFrom(' 1', '25', '1', '  1', '31');
    const time = fc.constantFrom('08:00:00', '08:00:00.123456', '8:00:00', '08:00:00.');
    const host = fc.constantFrom('pve', 'big-server', 'a.b', '', 'h@x');
    const prog = fc.constantFrom('kernel: ', 'kernel:', 'kernel[1]: ', 'kernelx: ', 'systemd[1]: ', 'kernel:  ');
    const inner = fc.constantFrom('', '[    0.004200] ', '[    0.000000] ', '[0.0]', '[ 12.5]', '[drm] ', '[  T12] ', '[    1.000000] [    C3] ', '[    1.5]  ');
    const msg = fc.constantFrom('pci 0000:00:00.0: Adding to iommu group 0', '', ' x', 'DMAR: IOMMU enabled', '[    T1] after');
    const lead = fc.constantFrom('', ' ', '\t');
    fc.assert(
      fc.property(fc.tuple(lead, month, day, time, host, prog, inner, msg), ([l, mo, d, t, h, p, i, m]) => {
        const line = `${l}${mo} ${d} ${t} ${h} ${p}${i}${m}`;
        expect(stripLogPrefix(line)).toEqual(stripLogPrefixes(line));
      }),
      { numRuns: 5000 },
    );
  });
});
