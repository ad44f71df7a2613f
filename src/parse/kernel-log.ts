// Kernel log in every shape people paste: dmesg, dmesg -T/-x, journalctl -k (short, monotonic, iso), syslog.
import { evidenceOf, type Line } from './line';
import type { Evidence } from '../schema/evidence';
import type { Parser, PreStripped, ShapeRead, StrippedLog } from './parser';
import { parseCmdlineString } from './cmdline';
import { normalizeBdf } from '../pci/bdf';
import { kindOfSource } from './source-kind';
import { buildMessageOf, qemuErrorOf, MAYBE_BUILD, MAYBE_QEMU } from './qemu';

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const PREFIXES: RegExp[] = [
  // dmesg -x: "kern  :info  : [    0.000000] msg"
  /^(?:kern|user|daemon|syslog)\s*:\s*[a-z]+\s*:\s*/,
  // raw syslog priority "<6>"
  /^<\d{1,3}>/,
];
const PROG = '(?=[\\w.@/-]+(?:\\[\\d+\\])?: )';
// CONFIG_PRINTK_CALLER adds "[  T123]" or "[    C2]" after the stamp.
const CALLER = /^\[\s*[TC]\d+\]\s?/;
// Qualcomm/Android kernels print the CPU and the PID after the stamp: "[    1.039716] c3       1 kvm [1]: …".
const ANDROID_CPU_PID = /^c\d{1,3} +\d{1,7} /;
// [regex, whether a host and program name follow the stamp]
const STAMPS: [RegExp, boolean][] = [
  // journalctl short-monotonic: "[    0.536462] host kernel: "
  [new RegExp(`^\\[\\s*\\d+\\.\\d+\\] \\S+ (?=kernel: |[\\w.@/-]+\\[\\d+\\]: )`), true],
  // dmesg: "[    0.536462] "
  [/^\[\s*\d+\.\d+\]\s?/, false],
  // dmesg -T: "[Mon Nov 25 13:03:11 2026] "
  [new RegExp(`^\\[(?:${DAYS}) (?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\]\\s?`), false],
  // journalctl short / short-precise / syslog: "Nov 25 13:03:11[.123456] host kernel: "
  [new RegExp(`^(?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ ${PROG}`), true],
  // journalctl short-full: "Mon 2026-11-25 13:03:11 CET host kernel: "
  [new RegExp(`^(?:${DAYS}) \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ \\S+ ${PROG}`), true],
  // ISO timestamps: journalctl -o short-iso, rsyslog
  [new RegExp(`^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)? \\S+ ${PROG}`), true],
];

// Messages worth recognising even without a timestamp (someone pasted a single line). "Linux version" is not
// here: alone it is /proc/version, which the uname parser reads without claiming a boot log was seen.
// Prefixes need their ": " (pr_fmt style), so that e.g. an lsmod line "vfio_pci  16384  0" is not taken for one.
// kvmfr is Looking Glass's module (module/kvmfr.c printk("kvmfr: …"), e.g. kvmfr_pci_probe's "failed to remap pages!").
const KNOWN_MESSAGE =
  /^(?:(?:AMD-Vi|DMAR|DMAR-IR|iommu|PCI-DMA|x86\/cpu|kvm_intel|kvm_amd|kvm|vfio[\w-]*|kvmfr|pci-stub|NVRM|efifb|simple-framebuffer|simpledrm|vgaarb|perf\/amd_iommu|systemd-modules-load\[\d+\]|Command line|Kernel command line|Hypervisor detected|ACPI): |Warning: PCIe ACS|VFIO - |\[Firmware Bug\]: |HugeTLB: |simple-framebuffer simple-framebuffer\.\d+: |Unknown (?:kernel )?command line parameters|SVM disabled|initcall_blacklist |\[drm\] )/;
// h-sweep: messages of the rules added from the documentation sweep, read without a stamp too (split-lock-mitigation, arm-hyp-mode-unavailable).
const KNOWN_MESSAGE_SWEEP = /^(?:x86\/split lock detection: |kvm \[\d+\]: |CPU: All CPU\(s\) started at EL|CPU: CPUs started in inconsistent modes)/;
// journalctl's own notes between log lines.
const JOURNAL_NOTE = /^-- (?:Logs begin|Journal begins|No entries|Boot [0-9a-f]+|Reboot)\b.*--$|^-- No entries --$/;
const DEV_MESSAGE = /^[\w.-]+ [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: /;

export type { StrippedLog } from './parser';

/**
 * A kernel message in a syslog file ("Nov 25 13:03:11 host kernel: [    0.536462] msg", rsyslog's kern.log, the
 * commonest collected log): what stripLogPrefixes makes of it (stamp, host, "kernel: ", the kernel's own stamp), in
 * one regex run instead of four. A big host's log has thousands of such lines, read without V8's optimising compiler.
 */
const SYSLOG_KERNEL = new RegExp(`^(?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ kernel: (?:\\[\\s*(\\d+\\.\\d+)\\]\\s?)?`);

/** Strip the timestamp / host / facility; undefined when the line does not look like a log line. */
export function stripLogPrefix(text: string): StrippedLog | undefined {
  const s = text.trimStart();
  const c = s.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) {
    const m = SYSLOG_KERNEL.exec(s);
    if (m) {
      const rest = s.slice(m[0].length);
      const message = m[1] !== undefined && rest.charCodeAt(0) === 0x5b ? rest.replace(CALLER, '') : rest;
      return { message, stamped: true, zeroTime: m[1] !== undefined && /^0\.0+$/.test(m[1]) };
    }
  }
  return stripLogPrefixes(s);
}

/** stripLogPrefix without its one-regex path for syslog's kernel lines (test/parse/kernel-log-fast.test.ts compares). */
export function stripLogPrefixes(text: string): StrippedLog | undefined {
  let s = text.trimStart();
  // The prefixes and stamps are anchored: the first character says which can match (the same result, fewer regexes).
  let c = s.charCodeAt(0);
  if (c === 0x6b /* k */ || c === 0x75 /* u */ || c === 0x64 /* d */ || c === 0x73 /* s */ || c === 0x3c /* < */) {
    for (const p of PREFIXES) s = s.replace(p, '');
    c = s.charCodeAt(0);
  }
  const zeroTime = c === 0x5b /* [ */ && /^\[\s*0\.000000\]/.test(s);
  const first = c === 0x5b ? 0 : c >= 0x30 && c <= 0x39 ? 5 : c >= 0x41 && c <= 0x5a ? 3 : STAMPS.length;
  const last = c === 0x5b ? 2 : c >= 0x30 && c <= 0x39 ? 5 : c >= 0x41 && c <= 0x5a ? 4 : -1;
  for (let i = first; i <= last; i++) {
    const [re, hasHost] = STAMPS[i]!;
    const m = re.exec(s);
    if (!m) continue;
    let rest = s.slice(m[0].length);
    if (rest.charCodeAt(0) === 0x5b) rest = rest.replace(CALLER, '');
    else if (!hasHost && rest.charCodeAt(0) === 0x63 /* c */) rest = rest.replace(ANDROID_CPU_PID, '');
    // After a host name, "kernel: " marks kernel messages; anything else is a program.
    const prog = hasHost ? /^([\w.@/-]+?)(\[\d+\])?: /.exec(rest) : null;
    if (hasHost && prog) {
      rest = rest.slice(prog[0].length);
      // rsyslog's kern.log keeps the kernel's own stamp inside the message
      const inner = rest.charCodeAt(0) === 0x5b ? /^\[\s*(\d+\.\d+)\]\s?/.exec(rest) : null;
      if (inner) rest = rest.slice(inner[0].length).replace(CALLER, '');
      if (prog[1] === 'kernel') return { message: rest, stamped: true, zeroTime: zeroTime || /^0\.0+$/.test(inner?.[1] ?? '') };
      return { message: `${prog[1]}${prog[2] ?? ''}: ${rest}`, stamped: true, program: prog[1], zeroTime: false };
    }
    return { message: rest, stamped: true, zeroTime };
  }
  // QEMU's own "vfio 0000:01:00.0: …" errors look like device messages but are not the kernel's.
  if (KNOWN_MESSAGE.test(s) || KNOWN_MESSAGE_SWEEP.test(s) || (DEV_MESSAGE.test(s) && !qemuErrorOf(s))) return { message: s, stamped: false, zeroTime: false };
  return undefined;
}

/** The kernel log's shape test; `read` gets what it stripped, so sniff() can hand it to parse() on the block. */
export function looksLikeKernelLog(text: string, read?: ShapeRead): boolean {
  const r = stripLogPrefix(text);
  if (read) {
    read.text = text;
    read.stripped = r ?? null;
  }
  return r !== undefined || JOURNAL_NOTE.test(text.trim());
}

// The necessary conditions of qemuErrorOf() and buildMessageOf() in one scan (case-insensitive, so a little wider than
// the two): most lines need no other test.
const MAYBE_EITHER = new RegExp(`${MAYBE_QEMU.source}|${MAYBE_BUILD.source}`, 'i');

/**
 * Very large logs (a week of `journalctl -k`) are mostly chatter from subsystems no rule reads: USB, audit, firewall,
 * file systems, Bluetooth, Wi-Fi and bridge ports. From logs of at least `keepAllFrom` lines those messages are not
 * kept in facts.kernelLog (every other fact is still read from them); the first message always is. test/perf checks
 * that dropping them changes no report.
 */
export const kernelLogTuning = { keepAllFrom: 20000 };
const CHATTER =
  /^(?:usb \d+-[\d.]+: |audit: type=\d+ |audit\(\d|\[UFW (?:BLOCK|ALLOW|AUDIT)\] |EXT4-fs \(|XFS \(|BTRFS (?:info|warning) \(|Bluetooth: hci\d|perf: interrupt took too long |IPv6: ADDRCONF|nf_conntrack: |input: |hid-generic |kauditd_printk_skb: |(?:br|vmbr|virbr|docker)\d+: port \d+\(|(?:wlp|wlan|enp|eno|ens|eth)\w*: (?:authenticate with|associate with|send auth|authenticated|associated|RX AssocResp|Link is (?:Up|Down))|(?:tap|veth|fwbr|fwpr|fwln)\w+: )/;
const QEMU_VFIO = /^vfio [0-9a-f]{4}:/;
// dmesg's continuation of a message over several lines: indented to where the messages start (past "[    0.414255] ").
const CONTINUATION = /^ {8,}\S/;

/** A device named with nothing more to say of it: one object for all such lines, not one a line. */
const NO_FIELDS = Object.freeze({});
const GROUP_ADD = /^(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): Adding to iommu group (\d+)/;
// Kernels before ~5.1: "iommu: Adding device 0000:01:00.0 to group 14"
const GROUP_ADD_OLD = /^iommu: Adding device ((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) to group (\d+)/;
// Output that leaves lines out, so a missing message proves nothing: pipes into filters, and the tools' own filters.
// One pattern per tool, each anchored at the tool's first mention ("^(?:(?!x).)*x": the options may follow any later
// mention too, so only the first needs trying; unanchored, a line of many "dmesg" was quadratic).
const FILTERS = [
  /\|\s*(?:sudo\s+)?(?:grep|egrep|fgrep|rg|ag|awk|sed|head|tail|cut|uniq)\b/,
  /^(?:(?!\bdmesg\b).)*\bdmesg\b.*\s(?:-[a-zA-Z]*[lf](?:\s|=|$)|--(?:level|facility)\b)/,
  /^(?:(?!\bjournalctl\b).)*\bjournalctl\b.*\s(?:-[a-zA-Z]*[gpt](?:\s|=|$)|--(?:grep|priority|facility|identifier)\b)/,
];
export const FILTERED = { test: (source: string) => FILTERS.some((re) => re.test(source)) };

export const kernelLogParser: Parser = {
  kind: 'kernel-log',
  starts: looksLikeKernelLog,
  // In a log section (journalctl -o cat) the banner is the boot's first line, not /proc/version.
  claims: (text) => /^Linux version \d/.test(text.trim()),
  // `grep -A/-B/-C` separates its matches with "--"; dmesg indents the second line of a two-line message under it.
  continues: (text) => text.trim() === '--' || CONTINUATION.test(text),
  parse(lines: Line[], b, sectionSource, pre) {
    const bad: Line[] = [];
    const filtered = sectionSource ? FILTERED.test(sectionSource) : false;
    let sawBoot = false;
    b.facts.kernelLogSeen = true;
    // What sniff() already stripped (carried on the block) is reused, and let go line by line so a big log's copies
    // do not pile up; missing entries are stripped here.
    const stripped: PreStripped = pre ?? [];
    for (let i = 0; i < lines.length; i++) if (stripped[i] === undefined) stripped[i] = lines[i]!.text.trim() ? stripLogPrefix(lines[i]!.text) ?? null : null;
    // `journalctl -o cat` has no stamps at all: then every line of a log section is a message.
    const unstampedLog = !!sectionSource && kindOfSource(sectionSource) === 'kernel-log' && !stripped.some((s) => s?.stamped);
    const chatty = lines.length >= kernelLogTuning.keepAllFrom;
    let keptKernel = b.facts.kernelLog.some((l) => !QEMU_VFIO.test(l.message));
    let afterMessage = false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const tt = l.text.trim();
      if (!tt) continue;
      let s = stripped[i] ?? undefined;
      stripped[i] = null;
      if (tt === '--' || (tt.charCodeAt(0) === 0x2d && JOURNAL_NOTE.test(tt))) continue;
      if (!s && unstampedLog) s = { message: tt, stamped: false, zeroTime: false };
      // The rest of a message printed over two lines ("amd_pstate: The CPPC feature is supported but currently
      // disabled by the BIOS." then, indented, "Please enable it …"): read with the line before, not unparsed.
      if (!s && afterMessage && CONTINUATION.test(l.text)) continue;
      afterMessage = !!s;
      if (!s) {
        bad.push(l);
        continue;
      }
      const msg = s.message;
      const c = msg.charCodeAt(0);
      // Chatter is dropped from big logs, but never the first message, nor the first that is not QEMU's (rules read those).
      const keep = !chatty || !CHATTER.test(msg) || b.facts.kernelLog.length === 0 || !keptKernel;
      // Evidence is made only for lines that give something (most lines of a big log give nothing but their message).
      let evidence: Evidence | undefined;
      if (keep) {
        b.facts.kernelLog.push({ message: msg, evidence: (evidence ??= evidenceOf(l)) });
        if (!keptKernel && !QEMU_VFIO.test(msg)) keptKernel = true;
      }
      // An unstamped "Linux version" outside a log section is /proc/version, not the start of a boot log.
      if (s.zeroTime || (c === 0x4c && /^Linux version \d/.test(msg) && (s.stamped || unstampedLog))) sawBoot = true;
      const rel = c === 0x4c ? /^Linux version (\S+)/.exec(msg) : null;
      if (rel && !b.facts.kernelRelease) b.facts.kernelRelease = { value: rel[1]!, evidence: (evidence ??= evidenceOf(l)) };
      const cl = c === 0x4b || c === 0x43 || c === 0x63 ? /^(?:Kernel )?[Cc]ommand line: (.*)$/.exec(msg) : null;
      if (cl && !msg.startsWith('Unknown')) b.setCmdline(parseCmdlineString(cl[1]!, (evidence ??= evidenceOf(l))));
      if (msg.includes('group')) {
        const g = GROUP_ADD.exec(msg);
        const og = g ? undefined : GROUP_ADD_OLD.exec(msg);
        // GROUP_ADD's address is in normal form already: normalizeBdf would give it back as it is, or nothing for a device
        // number past 1f (its first digit 2-f). A big host's log has a line per function.
        const bdf = g ? (g[2]!.charCodeAt(8) <= 0x31 ? g[2]! : undefined) : og ? normalizeBdf(og[1]!) : undefined;
        if (bdf) {
          const group = Number(g ? g[3] : og![2]);
          if (Number.isSafeInteger(group)) b.addLogGroupMember(group, bdf);
          b.mergeDevice(bdf, NO_FIELDS, (evidence ??= evidenceOf(l)));
        }
      }
      if (MAYBE_EITHER.test(msg)) {
        const q = qemuErrorOf(msg);
        if (q) b.facts.qemuErrors.push({ ...q, evidence: (evidence ??= evidenceOf(l)) });
        const bm = buildMessageOf(msg);
        if (bm) b.facts.buildMessages.push({ ...bm, evidence: (evidence ??= evidenceOf(l)) });
      }
    }
    if (sawBoot && !filtered) b.facts.kernelLogComplete = true;
    return bad;
  },
};
