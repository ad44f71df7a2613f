// Kernel log in every shape people paste: dmesg, dmesg -T/-x, journalctl -k (short, monotonic, iso), syslog.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { parseCmdlineString } from './cmdline';
import { normalizeBdf } from './bdf';
import { qemuErrorOf } from './qemu';

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const PREFIXES: RegExp[] = [
  // dmesg -x: "kern  :info  : [    0.000000] msg"
  /^(?:kern|user|daemon|syslog)\s*:\s*[a-z]+\s*:\s*/,
  // raw syslog priority "<6>"
  /^<\d{1,3}>/,
];
const PROG = '(?=[\\w.@/-]+(?:\\[\\d+\\])?: )';
// [regex, whether a host and program name follow the stamp]
const STAMPS: [RegExp, boolean][] = [
  // journalctl short-monotonic: "[    0.536462] host kernel: "
  [new RegExp(`^\\[\\s*\\d+\\.\\d+\\] \\S+ (?=kernel: |[\\w.@/-]+\\[\\d+\\]: )`), true],
  // dmesg: "[    0.536462] "
  [/^\[\s*\d+\.\d+\]\s?/, false],
  // dmesg -T: "[Mon Nov 25 13:03:11 2026] "
  [new RegExp(`^\\[(?:${DAYS}) (?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\]\\s?`), false],
  // journalctl short / syslog: "Nov 25 13:03:11 host kernel: "
  [new RegExp(`^(?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ ${PROG}`), true],
  // ISO timestamps: journalctl -o short-iso, rsyslog
  [new RegExp(`^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)? \\S+ ${PROG}`), true],
];

// Messages worth recognising even without a timestamp (someone pasted a single line).
const KNOWN_MESSAGE =
  /^(?:AMD-Vi|DMAR|DMAR-IR|iommu|PCI-DMA|x86\/cpu|kvm_intel|kvm_amd|kvm|vfio_pci|vfio_iommu_type1|vfio|pci-stub|NVRM|efifb|simple-framebuffer|simpledrm|vgaarb|perf\/amd_iommu|systemd-modules-load\[\d+\]|Command line|Kernel command line|Linux version|Hypervisor detected|Warning: PCIe ACS|Unknown (?:kernel )?command line parameters|SVM disabled|ACPI: (?:DMAR|IVRS)|initcall_blacklist|\[drm\])[: ]/;
const DEV_MESSAGE = /^[\w.-]+ [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: /;

export interface StrippedLog {
  message: string;
  stamped: boolean;
  /** Program that logged it when it came from the journal/syslog and it is not the kernel. */
  program?: string;
  zeroTime: boolean;
}

/** Strip the timestamp / host / facility; undefined when the line does not look like a log line. */
export function stripLogPrefix(text: string): StrippedLog | undefined {
  let s = text.trimStart();
  for (const p of PREFIXES) s = s.replace(p, '');
  const zeroTime = /^\[\s*0\.000000\]/.test(s);
  for (const [re, hasHost] of STAMPS) {
    const m = re.exec(s);
    if (!m) continue;
    let rest = s.slice(m[0].length);
    // After a host name, "kernel: " marks kernel messages; anything else is a program.
    const prog = /^([\w.@/-]+?)(\[\d+\])?: /.exec(rest);
    if (hasHost && prog) {
      rest = rest.slice(prog[0].length);
      // journalctl adds the monotonic stamp inside the message on some setups
      rest = rest.replace(/^\[\s*\d+\.\d+\]\s?/, '');
      if (prog[1] === 'kernel') return { message: rest, stamped: true, zeroTime: zeroTime || /^\[\s*0\.000000\]/.test(s) };
      return { message: `${prog[1]}${prog[2] ?? ''}: ${rest}`, stamped: true, program: prog[1], zeroTime: false };
    }
    return { message: rest, stamped: true, zeroTime };
  }
  if (KNOWN_MESSAGE.test(s) || DEV_MESSAGE.test(s)) return { message: s, stamped: false, zeroTime: false };
  return undefined;
}

export function looksLikeKernelLog(text: string): boolean {
  return stripLogPrefix(text) !== undefined;
}

const GROUP_ADD = /^(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): Adding to iommu group (\d+)/;

export const kernelLogParser: Parser = {
  kind: 'kernel-log',
  starts: looksLikeKernelLog,
  parse(lines: Line[], b, sectionSource) {
    const bad: Line[] = [];
    const filtered = sectionSource ? /\|\s*(?:grep|egrep|rg|awk|sed|head|tail)\b/.test(sectionSource) : false;
    let sawBoot = false;
    b.facts.kernelLogSeen = true;
    const stripped = lines.map((l) => (l.text.trim() ? stripLogPrefix(l.text) : undefined));
    // `journalctl -o cat` has no stamps at all: then every line of a log section is a message.
    const unstampedLog = !!sectionSource && !stripped.some((s) => s?.stamped);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l.text.trim()) continue;
      let s = stripped[i];
      if (!s && unstampedLog && !/^-- /.test(l.text.trim())) s = { message: l.text.trim(), stamped: false, zeroTime: false };
      if (!s) {
        if (!/^-- (?:Logs begin|No entries|Journal begins|Boot )/.test(l.text.trim())) bad.push(l);
        continue;
      }
      const ev = evidenceOf(l);
      const msg = s.message;
      b.facts.kernelLog.push({ message: msg, evidence: ev });
      if (s.zeroTime || /^Linux version \d/.test(msg)) sawBoot = true;
      const rel = /^Linux version (\S+)/.exec(msg);
      if (rel && !b.facts.kernelRelease) b.facts.kernelRelease = { value: rel[1]!, evidence: ev };
      const cl = /^(?:Kernel )?[Cc]ommand line: (.*)$/.exec(msg);
      if (cl && !msg.startsWith('Unknown')) b.setCmdline(parseCmdlineString(cl[1]!, ev));
      const g = GROUP_ADD.exec(msg);
      if (g) {
        const bdf = normalizeBdf(g[2]!);
        if (bdf) {
          b.addLogGroupMember(Number(g[3]), bdf);
          b.mergeDevice(bdf, {}, ev);
        }
      }
      const q = qemuErrorOf(msg);
      if (q) b.facts.qemuErrors.push({ ...q, evidence: ev });
      const mod = /^systemd-modules-load\[\d+\]: Failed to find module '([^']+)'/.exec(msg);
      if (mod) b.facts.buildMessages.push({ tool: 'systemd-modules-load', module: mod[1], evidence: ev });
    }
    if (sawBoot && !filtered) b.facts.kernelLogComplete = true;
    return bad;
  },
};
