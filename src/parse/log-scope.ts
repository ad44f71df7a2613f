// How much of a boot a pasted kernel log covers: a grep's pattern (what it would have shown), cuts marked "[...]",
// and excerpts that merely start at [    0.000000]. Absence of a line proves something only within that scope.
import type { Line } from './line';
import type { Evidence } from '../schema/evidence';
import type { FactsSink } from '../schema/facts-sink';
import { FILTERED } from './kernel-log';
import { pipeStages, safeRegExp } from './grep-regex';
import { tr } from '../i18n/lang';

/** A line that marks text left out: "[...]", "...", "…", "[snip]", "<snip>", "(...)", "-- snip --". */
export const ELISION = /^(?:\[\s*(?:\.{2,}|…|snip(?:ped)?|cut|truncated|trimmed)\s*\]|\.{3,}|…|\(\s*(?:\.{3}|…)\s*\)|<\s*snip\s*>|-+\s*snip\s*-+)$/i;

export interface GrepFilter {
  /** The command as pasted ("dmesg | grep -i -e DMAR -e IOMMU"). */
  command: string;
  /** One entry per grep stage of the pipeline; each stage keeps a line when any of its patterns matches. */
  stages: RegExp[][];
}


/** Shell words of one command: quotes removed, backslash escapes kept for the pattern (grep reads them). */
function words(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let started = false;
  let quote: string | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === ' ' || ch === '\t') {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += ch;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** grep's pattern as a JavaScript regular expression (BRE \| \( \) \{ \}, ERE as is, -F literal, -w words). */
function toRegExp(pat: string, o: { ere: boolean; fixed: boolean; icase: boolean; word: boolean }): RegExp | undefined {
  let src = o.fixed
    ? pat.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    : o.ere
      ? pat
      : pat.replace(/\\([|(){}+?])|([(){}+?|])/g, (_m, esc: string | undefined, lit: string | undefined) => (esc ? esc : `\\${lit}`));
  if (o.word) src = `(?<![\\w])(?:${src})(?![\\w])`;
  // The pattern is the user's: one that could backtrack without bound makes the grep unreadable, not a hang.
  return safeRegExp(src, o.icase ? 'i' : '');
}

/**
 * The grep stages of a kernel-log command (`dmesg | grep -i -e DMAR -e IOMMU`, `journalctl -k | egrep 'a|b'`).
 * Undefined when the pipeline has no grep, inverts (-v), or has a stage this cannot read (sed, awk, head, …).
 */
export function grepFilterOf(command: string): GrepFilter | undefined {
  const parts = pipeStages(command.replace(/^sudo\s+/, ''));
  if (parts.length < 2 || !keepsEveryLine(parts[0]!)) return undefined;
  const stages: RegExp[][] = [];
  for (const part of parts.slice(1)) {
    const w = words(part.replace(/^sudo\s+/, ''));
    const tool = w[0];
    if (tool !== 'grep' && tool !== 'egrep' && tool !== 'fgrep') return undefined;
    const o = { ere: tool === 'egrep', fixed: tool === 'fgrep', icase: false, word: false };
    const pats: string[] = [];
    let i = 1;
    for (; i < w.length; i++) {
      const a = w[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('--')) {
        if (a === '--ignore-case') o.icase = true;
        else if (a === '--extended-regexp') o.ere = true;
        else if (a === '--fixed-strings') o.fixed = true;
        else if (a === '--word-regexp') o.word = true;
        else if (a.startsWith('--regexp=')) pats.push(a.slice(9));
        else if (a === '--invert-match' || a === '--max-count' || a.startsWith('--max-count=')) return undefined;
        continue;
      }
      if (!a.startsWith('-') || a.length < 2) break;
      // A cluster of short flags; "e" takes the next word (or the rest of the cluster) as a pattern.
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (f === 'i') o.icase = true;
        else if (f === 'E') o.ere = true;
        else if (f === 'F') o.fixed = true;
        else if (f === 'w') o.word = true;
        else if (f === 'v' || f === 'm' || f === 'f') return undefined;
        else if (f === 'e') {
          const rest = a.slice(k + 1);
          pats.push(rest || (w[++i] ?? ''));
          break;
        } else if (/[ABC]/.test(f)) {
          // Context lines only add lines: the matches are all still shown.
          if (k === a.length - 1) i++;
          break;
        }
      }
    }
    if (pats.length === 0) {
      if (i >= w.length) return undefined;
      pats.push(w[i]!);
    }
    const res = pats.map((p) => toRegExp(p, o));
    if (res.some((r) => !r)) return undefined;
    stages.push(res as RegExp[]);
  }
  return { command, stages };
}

// Options of the log reader that drop lines before grep sees them: dmesg's --level/--facility/--userspace/-n
// (util-linux dmesg.c), journalctl's --priority/--grep/--lines/--identifier/--unit/--since/--until/--pager-end.
// `dmesg --level=err,warn | grep -i iommu` never shows the info-level "Adding to iommu group" lines.
const DMESG_DROPS = /^(?:--(?:level|facility|userspace|console-level)\b|-[a-zA-Z]*[lfun])/;
const JOURNAL_DROPS = /^(?:--(?:priority|grep|lines|identifier|unit|user-unit|since|until|pager-end|facility|cursor|after-cursor)\b|-[a-zA-Z]*[pgntuSUeI])/;

/** Whether the first stage of a pipeline hands grep every line of its log. */
function keepsEveryLine(stage: string): boolean {
  const w = words(stage.replace(/^sudo\s+/, ''));
  const drops = w[0] === 'dmesg' ? DMESG_DROPS : w[0] === 'journalctl' ? JOURNAL_DROPS : undefined;
  return !drops || !w.slice(1).some((a) => drops.test(a));
}

/** Would this filter have let the line through? */
export function grepShows(g: { stages: RegExp[][] }, line: string): boolean {
  return g.stages.every((st) => st.some((re) => re.test(line)));
}

const ZERO = /\[\s*0\.000000\]/;
// After a stamp ("] "), a syslog or journal prefix (": "), or at the start of a `journalctl -o cat` line.
const LINUX_VERSION = /(?:^\s*|\]\s|:\s)Linux version \d/;
const BANNER = /(?:^|\]\s|:\s)(?:Linux version \d|(?:Kernel )?[Cc]ommand line: )/;

export interface LogScope {
  /** The lines include the start of the boot (a [    0.000000] stamp or the "Linux version" banner). */
  fromBoot: boolean;
  /** The boot's first lines themselves are there (banner or command line), not a later 0.000000 line. */
  banner: boolean;
  /** An elision mark sits inside or right next to the lines. */
  elided?: Evidence;
}

/** The scope of one kernel-log block, given the lines nobody parsed (where elision marks are). */
export function scopeOf(lines: Line[], unparsed: Line[]): LogScope {
  const first = lines[0]?.no ?? 0;
  const last = lines.at(-1)?.no ?? 0;
  // A section's parser may have kept the mark among its own lines (as a line it could not read).
  const mark = lines.find((u) => ELISION.test(u.text.trim())) ?? unparsed.find((u) => u.no >= first - 1 && u.no <= last + 1 && ELISION.test(u.text.trim()));
  return {
    fromBoot: lines.some((l) => ZERO.test(l.text) || LINUX_VERSION.test(l.text)),
    banner: lines.some((l) => BANNER.test(l.text)),
    elided: mark ? { source: mark.source, line: mark.no, text: mark.text.trim() } : undefined,
  };
}

/**
 * After a source's blocks are parsed: remember grep'd kernel-log sections with their scope, and take back "the
 * kernel log is complete" when the only boot-start block is cut or lacks the boot's first lines (a few lines around
 * the BIOS-e820 map quoted from a boot are not a boot log).
 */
export function reviewLogScope(blocks: { kind: string; source?: string; lines: Line[] }[], unparsed: Line[], b: FactsSink, completeBefore: boolean): void {
  let whole = false;
  for (const bl of blocks) {
    if (bl.kind !== 'kernel-log' || bl.lines.length === 0) continue;
    const sc = scopeOf(bl.lines, unparsed);
    const first = bl.lines[0]!;
    const ev: Evidence = { source: first.source, line: first.no, text: first.text.trim() };
    if (bl.source && grepFilterOf(bl.source)) (b.facts.kernelLogGreps ??= []).push({ command: bl.source, fromBoot: sc.fromBoot, cut: !!sc.elided, evidence: ev });
    if (!sc.fromBoot || (bl.source && FILTERED.test(bl.source))) continue;
    const at = `the kernel log at line ${first.no}`;
    if (sc.elided)
      b.note(
        tr(
          `${at} starts at boot but is cut ("${sc.elided.text}" at line ${sc.elided.line}): it is read as an excerpt, so a message missing from it proves nothing.`,
          `第 ${first.no} 行起的内核日志从开机开始，但中间被截断了（第 ${sc.elided.line} 行的 "${sc.elided.text}"）：只当作节选来读，其中缺少某条消息并不能说明什么。`,
        ),
      );
    else if (!sc.banner)
      b.note(
        tr(
          `${at} starts at [    0.000000] but without the boot's first lines (Linux version, Command line): it is read as an excerpt, so a message missing from it proves nothing.`,
          `第 ${first.no} 行起的内核日志从 [    0.000000] 开始，却没有开机时最前面的几行（Linux version、Command line）：只当作节选来读，其中缺少某条消息并不能说明什么。`,
        ),
      );
    else whole = true;
  }
  if (b.facts.kernelLogComplete && !completeBefore && !whole) b.facts.kernelLogComplete = false;
}
