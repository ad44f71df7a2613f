// A running QEMU's command line (`ps -ef`/`ps aux`, /proc/PID/cmdline, the one libvirt logs in /var/log/libvirt/qemu/NAME.log) as a VM.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { Vm } from '../schema/vm';
import { readQemuArgs, shellWords, type Arg } from '../vm/qemu-args';

// The emulator: qemu-system-ARCH (any path), RHEL's qemu-kvm (/usr/libexec/qemu-kvm), Debian/Proxmox's /usr/bin/kvm;
// then an option, or the end of a logged line (libvirt writes the binary on a line of its own, ending in " \").
// The name is matched where it stands (a path before it is any path), not from the start of its word: no pattern that
// retries a long run of non-spaces.
const BIN = /(?<![\w-])(?:qemu-system-[\w.-]+|qemu-kvm|\/usr\/bin\/kvm)(?:\s+(?:-[a-zA-Z]|\\$)|$)/;
// What libvirt writes before the binary in a domain log (qemu_process.c logs virCommandToString: env first, one a line).
const ENV_LINE = /^[A-Z_][A-Z0-9_]*=\S*\s+\\$/;
// The lines after the first of a logged command: options, and the binary after the environment.
const CONT = /^(?:-[a-zA-Z][\w-]*(?:\s|$)|[A-Z_][A-Z0-9_]*=\S*\s+\\$)/;
const WORD_BIN = /(?:^|\/)(?:qemu-system-[\w.-]+|qemu-kvm|kvm)$/;

/** One argument as a shell word: quoted when it has a space or a quote, so shellWords() reads it back whole. */
export const shellQuote = (a: string): string => (a && !/[\s'"\\]/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

// /proc/PID/cmdline is the argv separated (and ended) by NUL bytes (proc(5)); a QEMU's starts with its binary.
const NUL_ARGV = /(?:qemu-system-[\w.-]+|qemu-kvm|\/kvm)\0-/;

/** Text holding a NUL-separated QEMU argv (a pasted or collected /proc/PID/cmdline) with each argv on a line of its own, quoted. */
export function nulArgvToLines(text: string): string {
  if (!text.includes('\0') || !NUL_ARGV.test(text)) return text;
  return text.replace(/[^\n]*\0[^\n]*/g, (seg) => seg.split('\0').filter((a) => a !== '').map(shellQuote).join(' '));
}

// A kernel or journal line that quotes a command is a log line (the kernel log's parser reads it), not a command.
const STAMPED = /^\s*(?:\[[\s\d.]+\]|\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:)/;

export const isQemuCommandLine = (t: string): boolean => (t.includes('qemu') || t.includes('/kvm')) && BIN.test(t) && !STAMPED.test(t);

/** Lines into commands: a command goes on while its line ends in a backslash (or the next line is an option). */
function commands(lines: Line[]): { lines: Line[]; cont: boolean }[] {
  const out: { lines: Line[]; cont: boolean }[] = [];
  let cur: { lines: Line[]; cont: boolean } | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    const joins = cur && (cur.cont || (CONT.test(t) && !isQemuCommandLine(t)));
    if (!joins) out.push((cur = { lines: [], cont: false }));
    cur!.lines.push(l);
    cur!.cont = /\s\\$/.test(t) || t === '\\';
  }
  return out;
}

/** One command as a VM; undefined when it has no QEMU binary (the lines are then not this parser's). */
export function readCommand(lines: Line[]): Vm | undefined {
  const words: Arg[] = [];
  for (const l of lines) {
    const t = l.text.trim().replace(/\s\\$/, '');
    const ev = evidenceOf(l);
    for (const w of shellWords(t)) words.push({ text: w, ev });
  }
  const at = words.findIndex((w, i) => WORD_BIN.test(w.text) && (i + 1 === words.length || /^-[a-zA-Z]/.test(words[i + 1]!.text)));
  if (at < 0) return undefined;
  const before = words.slice(0, at);
  const args = words.slice(at + 1);
  const vm: Vm = { kind: 'qemu', complete: false, hostdevs: [], evidence: words[at]!.ev };
  // The whole argv: a logged command whose last line ends without a backslash, or any with both -machine and -m
  // (libvirt and Proxmox always write both; firmware and memory backends come before them or right after -m).
  const opts = new Set(args.map((a) => a.text));
  const logged = lines.length > 1 && !/\s\\$/.test(lines[lines.length - 1]!.text.trim());
  vm.complete = logged || ((opts.has('-machine') || opts.has('-M')) && opts.has('-m'));
  // libvirt's environment (HOME=/var/lib/libvirt/qemu/domain-ID-NAME) or its process user in ps (libvirt-qemu, qemu).
  if (before.some((w) => /^HOME=\/var\/lib\/libvirt\//.test(w.text))) vm.manager = 'libvirt';
  readQemuArgs(vm, args, vm.complete);
  return vm;
}

export const qemuCmdlineParser: Parser = {
  kind: 'qemu-cmdline',
  starts: (t) => isQemuCommandLine(t) || ENV_LINE.test(t.trim()),
  continues: (t) => CONT.test(t.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    for (const c of commands(lines)) {
      const vm = readCommand(c.lines);
      if (vm) b.addVm(vm);
      else bad.push(...c.lines);
    }
    return bad;
  },
};
