// QEMU's own stderr lines ("qemu-system-x86_64: -device …: …") and libvirt's wrapper around them, whatever the error.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { qemuErrorOf } from './qemu';

// QEMU prefixes every error_report() with the program name (util/qemu-error.c error_vprintf → "qemu-system-x86_64: "),
// optionally after a timestamp (-msg timestamp=on, as libvirt starts it: "2022-11-10T09:16:06.649618Z ").
const QEMU_LINE = /^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\s+)?(?:qemu-system-[\w-]+|qemu-kvm|kvm): \S/;
// libvirt's qemuProcess* wording when QEMU died during start-up (src/qemu/qemu_monitor.c / qemu_process.c).
const LIBVIRT_WRAP = /(?:internal error: )?(?:qemu unexpectedly closed the monitor|process exited while connecting to monitor): /;
// A necessary condition of both (literal), so most lines are rejected by one cheap test.
const MAYBE = /qemu|kvm: |monitor: /;
const WARNING = /^(?:\d{4}-\d\d-\d\dT\S+\s+)?\S+: warning: /;

/** Is this a QEMU stderr line or libvirt's report of QEMU dying (its message, whatever the cause)? */
export function isQemuStderr(text: string): boolean {
  const t = text.trim();
  return MAYBE.test(t) && (QEMU_LINE.test(t) || LIBVIRT_WRAP.test(t));
}

export const qemuStderrParser: Parser = {
  kind: 'qemu-stderr',
  starts: isQemuStderr,
  parse(lines, b) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      if (!isQemuStderr(t)) {
        bad.push(l);
        continue;
      }
      // A known error keeps its kind; any other error is kept as "other" (QEMU output was seen, and what it said).
      const known = qemuErrorOf(t);
      if (known) b.facts.qemuErrors.push({ ...known, evidence: evidenceOf(l) });
      else if (!WARNING.test(t) || LIBVIRT_WRAP.test(t)) b.facts.qemuErrors.push({ kind: 'other', evidence: evidenceOf(l) });
    }
    return bad;
  },
};
