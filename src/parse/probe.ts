// One-line answers of commands people run by hand: `ls -l /dev/kvm`, a denied `dmesg`, a failed `modprobe`.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

const KVM_MISSING = /^ls: cannot access '?\/dev\/kvm'?: No such file or directory/;
const KVM_PRESENT = /^c[rwx-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+10,\s*232\s.*\/dev\/kvm$/;
const DMESG_DENIED = /^dmesg: read kernel buffer failed: Operation not permitted/;
const JOURNAL_DENIED = /^No journal files were (?:opened|found) due to insufficient permissions|^Hint: You are currently not seeing messages from other users and the system/;
const MODPROBE_FAILED = /^modprobe: ERROR: could not insert '([\w-]+)': (.+)$/;
const PROBES = [KVM_MISSING, KVM_PRESENT, DMESG_DENIED, JOURNAL_DENIED, MODPROBE_FAILED];

export const probeParser: Parser = {
  kind: 'probe',
  starts: (text) => {
    const t = text.trim();
    return PROBES.some((re) => re.test(t));
  },
  parse(lines, b) {
    const bad: Line[] = [];
    const f = b.facts;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      let m: RegExpExecArray | null;
      if (KVM_MISSING.test(t)) f.devKvm = false;
      else if (KVM_PRESENT.test(t)) f.devKvm = true;
      else if (DMESG_DENIED.test(t) || JOURNAL_DENIED.test(t)) {
        if (!f.unavailable.includes('kernel-log')) f.unavailable.push('kernel-log');
        b.note(`could not read the kernel log: ${t}. Run as root (sudo dmesg) or join the systemd-journal group.`);
      } else if ((m = MODPROBE_FAILED.exec(t))) f.buildMessages.push({ tool: 'modprobe', module: m[1]!.replace(/-/g, '_'), evidence: evidenceOf(l) });
      else {
        bad.push(l);
        continue;
      }
      f.probes.push(evidenceOf(l));
    }
    return bad;
  },
};
