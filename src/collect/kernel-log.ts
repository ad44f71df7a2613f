// The kernel log: dmesg, then journalctl -k -b when dmesg_restrict denies it; a sysroot's /var/log files.
import type { RawSource } from '../schema/raw-source';
import type { HostIO } from './io';

export interface LogResult {
  source?: RawSource;
  /** Why there is no log, for the report's notes. */
  problem?: string;
}

const TIMEOUT = 8000;

export async function collectKernelLog(io: HostIO): Promise<LogResult> {
  if (!io.run) {
    for (const p of ['/var/log/kern.log', '/var/log/dmesg']) {
      const text = await io.readFile(p, 64 * 1024 * 1024).catch(() => undefined);
      if (text !== undefined) return { source: { source: p, kind: 'kernel-log', text } };
    }
    return { problem: 'the sysroot has no /var/log/kern.log or /var/log/dmesg' };
  }
  const d = await io.run(['dmesg'], TIMEOUT);
  if (!d.missing && !d.timedOut && d.exitCode === 0 && d.stdout.trim()) return { source: { source: 'dmesg', kind: 'kernel-log', text: d.stdout } };
  const why = d.missing ? 'dmesg is not installed' : d.timedOut ? 'dmesg timed out' : d.stderr.trim().split('\n')[0] || `dmesg exited with ${d.exitCode}`;
  const j = await io.run(['journalctl', '-k', '-b', '--no-pager', '-o', 'short-monotonic'], TIMEOUT);
  if (!j.missing && !j.timedOut && j.exitCode === 0 && /kernel: /.test(j.stdout)) return { source: { source: 'journalctl -k -b', kind: 'kernel-log', text: j.stdout } };
  const jwhy = j.missing ? 'journalctl is not installed' : j.timedOut ? 'journalctl timed out' : (j.stderr.trim().split('\n')[0] || 'no kernel messages readable');
  return { problem: `could not read the kernel log: ${why}; ${jwhy}. Run as root (sudo) or join the systemd-journal group.` };
}
