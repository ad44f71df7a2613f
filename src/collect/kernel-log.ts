// The kernel log: /dev/kmsg read directly (no process), then dmesg, then journalctl -k -b when dmesg_restrict denies
// both; a sysroot's /var/log files.
import type { RawSource } from '../schema/raw-source';
import type { HostIO } from './io';
import { tr } from '../i18n/lang';

export interface LogResult {
  source?: RawSource;
  /** Why there is no log, for the report's notes. */
  problem?: string;
}

const TIMEOUT = 8000;
/** More records than any ring buffer holds (CONFIG_LOG_BUF_SHIFT is at most 25: 32 MB). */
const MAX_RECORDS = 1 << 20;

/**
 * /dev/kmsg records as `LC_ALL=C dmesg` prints them, or undefined when only dmesg itself can say it exactly.
 * A record is "level,seq,usec,flags[,caller];text\n" then " KEY=value" dictionary lines
 * (Documentation/ABI/testing/dev-kmsg). The kernel writes every byte below 0x20, from 0x7f up, and the backslash as
 * \xNN (kernel/printk/printk.c, msg_add_ext_text). util-linux dmesg (dmesg.c: parse_kmsg_record decodes them,
 * print_record prints "[%5ld.%06ld] " and the text through safe_fwrite) writes printable characters and blanks as
 * they are, a newline inside a message followed by the prefix's width of spaces, an empty message as an empty line,
 * and anything else (in the C locale: every byte from 0x80 up) as \xNN again, lower case as the kernel wrote it.
 * A record with a caller field is left to dmesg (newer versions print it; older ones do not).
 * One difference is kept on purpose: dmesg starts after the last `dmesg --clear`, this reads every record the ring
 * buffer still holds (the boot messages a clear hid are what the checks read).
 */
export function kmsgAsDmesg(records: string[]): string | undefined {
  const out: string[] = [];
  for (const r of records) {
    const semi = r.indexOf(';');
    if (semi < 0) return undefined;
    const head = r.slice(0, semi).trimStart().split(',');
    if (head.length !== 4 || !/^\d+$/.test(head[2]!)) return undefined;
    const nl = r.indexOf('\n', semi);
    let text = r.slice(semi + 1, nl < 0 ? r.length : nl);
    if (!text) {
      out.push('');
      continue;
    }
    const usec = head[2]!;
    const prefix = `[${(usec.length > 6 ? usec.slice(0, -6) : '0').padStart(5)}.${usec.length > 6 ? usec.slice(-6) : usec.padStart(6, '0')}] `;
    if (text.includes('\\')) {
      const indent = ' '.repeat(prefix.length);
      text = text.replace(/\\x([0-9a-f]{2})/g, (esc, hex: string, at: number) => {
        const c = parseInt(hex, 16);
        if (c === 0x0a) return at + esc.length < text.length ? `\n${indent}` : '\n';
        // Blanks and printable ASCII (the kernel escapes the backslash too) are printed as they are.
        if (c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || (c >= 0x20 && c < 0x7f)) return String.fromCharCode(c);
        return esc;
      });
    }
    out.push(prefix + text);
  }
  // No final newline: the dmesg run's output had it stripped (live-io.ts), and the two must read alike.
  return out.length ? out.join('\n') : undefined;
}

/** `lane`: a report run, which reads a sysroot's log through the log lane (a bundle keeps the whole file). */
export async function collectKernelLog(io: HostIO, lane = false): Promise<LogResult> {
  if (!io.run) {
    for (const p of ['/var/log/kern.log', '/var/log/dmesg']) {
      const kept = lane && io.readLog ? await io.readLog(p).catch(() => undefined) : undefined;
      if (kept) return { source: { source: p, kind: 'kernel-log', ...kept } };
      const text = await io.readFile(p, 64 * 1024 * 1024).catch(() => undefined);
      if (text !== undefined) return { source: { source: p, kind: 'kernel-log', text } };
    }
    return { problem: tr('the sysroot has no /var/log/kern.log or /var/log/dmesg', 'sysroot 中没有 /var/log/kern.log 或 /var/log/dmesg') };
  }
  // What `dmesg` would print, read without starting it; named as dmesg since it is its output, line for line.
  if (io.readRecords) {
    const records = await io.readRecords('/dev/kmsg', MAX_RECORDS).catch(() => undefined);
    const text = records && kmsgAsDmesg(records);
    if (text?.trim()) return { source: { source: 'dmesg', kind: 'kernel-log', text } };
  }
  const d = await io.run(['dmesg'], TIMEOUT);
  if (!d.missing && !d.timedOut && d.exitCode === 0 && d.stdout.trim()) return { source: { source: 'dmesg', kind: 'kernel-log', text: d.stdout } };
  const why = d.missing ? tr('dmesg is not installed', '没有安装 dmesg') : d.timedOut ? tr('dmesg timed out', 'dmesg 超时') : d.stderr.trim().split('\n')[0] || tr(`dmesg exited with ${d.exitCode}`, `dmesg 退出码为 ${d.exitCode}`);
  const j = await io.run(['journalctl', '-k', '-b', '--no-pager', '-o', 'short-monotonic'], TIMEOUT);
  if (!j.missing && !j.timedOut && j.exitCode === 0 && /kernel: /.test(j.stdout)) return { source: { source: 'journalctl -k -b', kind: 'kernel-log', text: j.stdout } };
  const jwhy = j.missing ? tr('journalctl is not installed', '没有安装 journalctl') : j.timedOut ? tr('journalctl timed out', 'journalctl 超时') : (j.stderr.trim().split('\n')[0] || tr('no kernel messages readable', '读不到任何内核消息'));
  return {
    problem: tr(
      `could not read the kernel log: ${why}; ${jwhy}. Run as root (sudo) or join the systemd-journal group.`,
      `无法读取内核日志：${why};${jwhy}。请以 root 身份运行（sudo），或加入 systemd-journal 组。`,
    ),
  };
}
