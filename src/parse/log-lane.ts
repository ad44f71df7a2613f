// The big-input lane: from a big paste (a week of `journalctl -k`) or a collected log, only the lines that can matter
// reach sniff().
//
// One regular-expression scan over each piece of text (no split, no per-line work in JavaScript) finds every line that
// is not a plain kernel message at all (other command output, markers, prompts, prose, journal notes, other programs),
// and every kernel message that starts with, or contains, what a parser, a rule or the host model reads
// (messageStarts, anywhere, LOG_DRIVERS). Everything else is a kernel message nobody reads: it is counted, not kept.
// Lines that repeat a message already kept three times are folded too (the first three and the last stay, so "first"
// and "latest" still mean what they mean). test/perf/log-lane.test.ts runs every paste we have through this lane and
// through the plain path and requires the same report; a new rule that reads a log message none of these cover fails
// it.

import { LOG_DRIVERS } from '../pci/drivers';
import { escapeRe } from './line';
import { classify } from './detect';
import { joinWrapped, mayBeWrapTail } from './paste-repair';
import { LANE_PATTERNS } from './rule-log-reads';

export const logLaneTuning = {
  /** Inputs smaller than this take the plain path: the lane pays off only on big logs. */
  minBytes: 1024 * 1024,
  /** The same for a collected log (dmesg, a sysroot's kern.log): the lane reads it whatever its size. */
  collectedMinBytes: 0,
  /** How many lines with the same message are kept (plus the last one). */
  keepRepeats: 3,
};

/**
 * What a lane keeps is bounded, whatever the input (blank lines, one line repeated, millions of different short lines):
 * memory stays well under 1 GB for any input up to the 256 MB cap (scripts/bench.mjs measures it).
 */
export const laneLimits = {
  /** From this many kept lines on, a line that is no kernel line is kept only when a parser could read it. */
  softLines: 100_000,
  /** More kept lines than this (each one a line some parser reads): the input is refused, one line, exit 2. */
  maxLines: 1_500_000,
  /** The same for the characters of the kept lines. */
  maxChars: 192 * 1024 * 1024,
  /**
   * Lines looked at past softLines (a few µs each: every parser's shape): more than this and the input is refused too,
   * so that a quarter of a gigabyte of distinct lines nobody reads ends in seconds, not minutes.
   */
  maxLooked: 1_000_000,
};

/** Thrown when what a lane would have to keep is beyond laneLimits: the caller refuses the input in one line. */
export class LaneOverflow extends Error {
  constructor(looked = false) {
    super(
      looked
        ? `more than ${thousands(laneLimits.maxLooked)} of its lines have the shape of nothing vfio-doctor reads`
        : `more than ${thousands(laneLimits.maxLines)} lines (or ${laneLimits.maxChars / (1024 * 1024)} MB) of it would have to be read`,
    );
  }
}

const thousands = (n: number) => String(n).replace(/\B(?=(?:\d{3})+$)/g, ',');

// The answers of mayMatter() for the lines seen last (a few distinct lines over and over cost one look each).
const MATTERS = new Map<string, boolean>();

/** Structure (a marker, prompt, fence, quote, indented detail) or a line some parser has the shape of. */
function mayMatter(line: string): boolean {
  const c = line.charCodeAt(0);
  // = # $ % > ` ~ ❯, white space, or a user@host prompt
  if (c === 0x3d || c === 0x23 || c === 0x24 || c === 0x25 || c === 0x3e || c === 0x60 || c === 0x7e || c === 0x276f || c === 0x20 || c === 0x09 || line.includes('@')) return true;
  const known = MATTERS.get(line);
  if (known !== undefined) return known;
  const yes = classify(line.length > 4096 ? line.slice(0, 4096) : line, undefined) !== undefined;
  if (MATTERS.size >= 4096) MATTERS.clear();
  if (line.length <= 256) MATTERS.set(line, yes);
  return yes;
}

// The months as a trie: each line of a journal tries them in turn ("Nov" was the 11th try).
const MONTHS = 'J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec';
const DAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';

// What the consumers of kernel messages (parsers in kernel-log.ts and qemu.ts, the host model in facts/, the rules,
// the chat's host facts) look for, in two kinds. Declared rules (defineRule) add theirs through meta.reads.log, from
// which rule-log-reads.ts is generated: a new rule needs no edit here. Most of their patterns are anchored at the start of the message:
// those messages start with one of messageStarts. The others contain one of anywhere (case-sensitive; upper-case
// letters and digits are rare in logs, so the scan skips ahead quickly).
const HAND_STARTS = [
  'DMAR', 'AMD-Vi', 'PCI-DMA', 'iommu', 'perf/amd_iommu', 'vfio', 'VFIO', 'pci-stub', 'Linux version',
  'Command line', 'Kernel command line', 'Unknown', 'ACPI: ', 'Hypervisor detected', 'initcall_blacklist',
  'Warning: PCIe ACS', 'kvm_intel', 'kvm_amd', 'kvm: disabled', 'kvm: support', 'x86/cpu', 'SVM', 'VMX', 'NVRM',
  'vgaarb', 'Console: switching', '[Firmware Bug]', 'kvmfr',
  // h-sweep: messages of the rules added from the documentation sweep (split-lock-mitigation, arm-hyp-mode-unavailable).
  'x86/split lock detection', 'kvm [1]: ', 'CPU: All CPU(s) started at EL', 'CPU: CPUs started in inconsistent modes',
];
// 'mmap sparse area': cloud-hypervisor's BAR mmap error, wherever a journal put it (parse/qemu.ts reads it).
const HAND_ANYWHERE = ['iommu', 'IOMMU', 'DMAR', 'AMD-Vi', 'VFIO', 'BAR ', 'D3', 'vgaarb', 'mmap sparse area'];
// The rules' literals join the hand lists; one that a shorter entry already covers adds nothing to the scan. The scans
// built from these lists are generated into rule-log-reads.ts: after changing a list, the stamp or a trie here, run
// `UPDATE_GENERATED=1 npx vitest run test/rule-log-reads.test.ts` (the test fails until then).
const messageStarts = (rules: readonly string[]) => union(HAND_STARTS, rules, (long, short) => long.startsWith(short));
const anywhere = (rules: readonly string[]) => union(HAND_ANYWHERE, rules, (long, short) => long.includes(short));

// How the words of anywhere() are searched. V8 skips ahead through text only while the characters that can start a match are few and
// rare; the rules' words (" not ready ", ": AMD_", "] not in IVRS table", …) start with blanks, colons, brackets and
// common letters, and all of them in one alternation made the scan of a 50 MB log twice as slow. So the main scan
// looks for the hand-picked words and, for each rule word with a run of capitals in it, that run ("IVRS", "AMD_",
// "BIOS"): a line found by such an anchor is kept only when it holds one of the words itself. The rule words without
// capitals are found by a second scan of their own (for their letters only, checked the same way), which the main
// loop merges in text order.
const anchorOf = (w: string): string | undefined => {
  const runs = w.match(/[A-Z0-9_]*[A-Z][A-Z0-9_]+/g);
  if (runs) return runs.reduce((a, b) => (b.length > a.length ? b : a));
  return /^[A-Z]/.test(w) ? w : undefined;
};
/** An alternation of words with shared beginnings factored out; a word that another starts with is covered by it. */
function trie(words: readonly string[]): string {
  type Node = Map<string, Node>;
  const root: Node = new Map();
  for (const w of words) {
    let n = root;
    for (const c of w) {
      let next = n.get(c);
      if (!next) n.set(c, (next = new Map()));
      n = next;
    }
    n.set('', new Map());
  }
  const emit = (n: Node): string => {
    if (n.has('')) return ''; // a word ends here: whatever follows, the line starts with it
    const alts = [...n].map(([c, next]) => escapeRe(c) + emit(next));
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  return emit(root);
}

function union(hand: readonly string[], rules: readonly string[], covers: (long: string, short: string) => boolean): string[] {
  const all = [...hand, ...rules];
  return all.filter((x, i) => all.indexOf(x) === i && !all.some((y) => y !== x && y.length < x.length && covers(x, y)));
}

// The stamps of plain kernel lines (what kernel-log.ts reads as stamped kernel messages): dmesg with or without -T
// (and a printk caller id), journalctl short / precise / monotonic / iso with the program "kernel", and rsyslog's
// copy of the kernel's own stamp. A boot's first messages (time 0) are never plain: they mark the start of a boot.
// Android kernels' "c3       1 " (CPU, PID) after the stamp is such an optional part, like printk's caller id.
// Optional parts are taken whenever present ("(?:x|(?!x))"): the message check after the stamp must not be passed by
// backtracking to a shorter stamp, which would make "[ 0.01] Hypervisor detected" a message starting with "[".
const ZERO = '\\[ *0\\.0+\\]';
const STAMP =
  `(?:(?!${ZERO})\\[ *\\d+\\.\\d+\\] (?:\\[ *[TC]\\d+\\] ?|c\\d{1,3} +\\d{1,7} |(?!\\[ *[TC]\\d|c\\d{1,3} +\\d))(?![\\w.-]+ kernel: )` +
  `|\\[(?:${DAYS}) (?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\] ` +
  `|(?:(?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?|\\[ *\\d+\\.\\d+\\]|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?) [\\w.-]+ kernel: (?!${ZERO})(?:\\[ *\\d+\\.\\d+\\] |(?!\\[ *\\d)))`;
// A plain line nobody reads: a stamp, then a message that starts with none of the message starts (nor with a space).
// A device message of a driver the host model reads ("i915 0000:00:02.0: …": that driver owns the device) is read too.
// The starts are written as a trie ("D(?:MAR|evice)"): V8 tries the alternatives of an alternation one by one, and
// after every newline of a big log that is a hundred tries where one or two do.
const unreadLine = (starts: readonly string[]) => `${STAMP}(?![\\s]|${trie(starts)}|(?:${LOG_DRIVERS.map(escapeRe).join('|')}) [0-9a-f]{4}:)`;

interface Scans {
  /** One scan: a line (after its newline) that is not an unread plain kernel line; or an anchor of a word of anywhere() in a line;
   * or a bare CR, which ends lines for sniff() but not here (then the lane steps aside). */
  scan: RegExp;
  /** The second scan: the rule words without an anchor. */
  second: RegExp | undefined;
  /** Whether a line an anchor led to holds one of the words. */
  holdsWord: (line: string) => boolean;
  /** Any stamp of a kernel line, time 0 included: whether a kept line is a kernel line, and where its message starts. */
  stampAt: RegExp;
  /** The unread-line test, anchored where a chunk starts (no newline before its first line). */
  unreadAt: RegExp;
}

/** The sources of the scans (and the words of anywhere()): what scans() compiles. */
export interface LanePatterns {
  scan: string;
  /** Empty: no second scan. */
  second: string;
  words: string[];
  stampAt: string;
  unread: string;
}

/**
 * The scans' sources for the rules' message starts and words. Computed when rule-log-reads.ts is generated (the lists,
 * unions and tries took each run ~3 ms, every thread, and for every collected log): test/rule-log-reads.test.ts
 * fails when the file no longer holds what this gives for the current lists.
 */
export function lanePatterns(ruleStarts: readonly string[], ruleAnywhere: readonly string[]): LanePatterns {
  const words = anywhere(ruleAnywhere);
  const ruleWords = words.filter((w) => !HAND_ANYWHERE.includes(w));
  const anchors = union(HAND_ANYWHERE, ruleWords.map(anchorOf).filter((a): a is string => a !== undefined), (long, short) => long.includes(short));
  // Their anchors: the words without the blanks and punctuation at their ends (" not ready " → "not ready").
  const lower = union([], ruleWords.filter((w) => anchorOf(w) === undefined).map((w) => w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '')), (long, short) => long.includes(short));
  const unread = unreadLine(messageStarts(ruleStarts));
  return {
    scan: `\\n(?!${unread})|(${anchors.map(escapeRe).join('|')})|\\r(?!\\n)`,
    second: lower.map(escapeRe).join('|'),
    words,
    stampAt: STAMP.replaceAll(`(?!${ZERO})`, ''),
    unread,
  };
}

let built: Scans | undefined;
/** Compiled on first use: a report without a big or collected log never needs them. */
function scans(): Scans {
  if (built) return built;
  const p = LANE_PATTERNS;
  return (built = {
    scan: new RegExp(p.scan, 'g'),
    second: p.second ? new RegExp(p.second, 'g') : undefined,
    holdsWord: (line) => p.words.some((w) => line.includes(w)),
    stampAt: new RegExp(p.stampAt, 'y'),
    unreadAt: new RegExp(p.unread, 'y'),
  });
}

export interface LaneLines {
  /** The kept lines, in input order, without their line ends. */
  lines: string[];
  /** Each kept line's 1-based number in the input. */
  nos: number[];
  /** Plain kernel lines left out (no keyword), and repeats folded. */
  dropped: number;
  folded: number;
  /** Other lines left out: the second and later of a run of blank lines or of one repeated line, and past laneLimits.softLines lines no parser reads. */
  other: number;
}

export interface LaneState {
  failed: boolean;
  lines: string[];
  nos: number[];
  lastOf: [string, { text: string; no: number }][];
  folded: number;
  lineNo: number;
  endedLine: boolean;
  keepNext: boolean;
  firstLine: string | undefined;
  other: number;
  /** Lines looked at (past softLines) and left out: never handed over, but one reader would have looked at them too. */
  lookedOut: number;
}

/**
 * Reads text in chunks of whole lines (a file read piece by piece never exists as one string) and keeps what matters.
 * `failed` turns true when the lane must step aside (a bare CR); then the caller reads the input the plain way.
 */
export class LaneReader {
  failed = false;
  private readonly lines: string[] = [];
  private readonly nos: number[] = [];
  /**
   * Each message seen (the text after a kernel line's stamp): how many lines with it were kept, and the latest line
   * folded (no: 0 when none was). One record a message, changed in place: a folded line costs one look-up.
   */
  private readonly seen = new Map<string, { count: number; text: string; no: number }>();
  private folded = 0;
  /** Number of the first line of the next chunk. */
  private lineNo = 1;
  /** Keep the first line of the next chunk: the input's first line, or the line after one that is no kernel line. */
  private keepNext: boolean;
  /** Whether the text so far ends with a newline (else its last line has none). */
  private endedLine = true;
  /** The first line this reader saw (a reader of the second part of a file hands it to the first part's). */
  private firstLine: string | undefined;
  /** Lines that are no kernel line left out (LaneLines.other), and what that needs: the previous such line. */
  private other = 0;
  private prevText: string | undefined;
  private prevNo = -1;
  private prevRun = 0;
  private chars = 0;
  private looked = 0;
  private lookedOut = 0;
  /** The numbers of the last line kept and the last folded (a broken line's first half may have to come back). */
  private lastKeptNo = 0;
  /** The last line of the chunk before (a broken line's first half, when a chunk starts with its second). */
  private prevLine: string | undefined;
  private lastFoldedNo = 0;
  private readonly stampAt = scans().stampAt;

  /** `keepFirst`: false for a reader of a later part of a file, which cannot know what came before it. */
  constructor(keepFirst = true) {
    this.keepNext = keepFirst;
  }

  /** One chunk of whole lines: every line but the input's last ends with "\n". */
  push(chunk: string): void {
    if (this.failed || chunk.length === 0) return;
    const len = chunk.length;
    this.endedLine = chunk.charCodeAt(len - 1) === 0x0a;
    let no = this.lineNo;
    let pos = 0; // start of line `no`
    if (this.firstLine === undefined) {
      const nl = chunk.indexOf('\n');
      this.firstLine = chunk.slice(0, nl < 0 ? len : nl).replace(/\r$/, '');
    }
    const { scan: SCAN, second: SECOND, holdsWord, unreadAt } = scans();
    let forced = this.keepNext || !(unreadAt.lastIndex = 0, unreadAt.test(chunk)) ? 0 : -1;
    SCAN.lastIndex = 0;
    // Where the second scan found its next word (len: nowhere); found again only once the main scan is past it.
    let second = -1;
    for (;;) {
      let start: number;
      let end: number;
      if (forced >= 0) {
        if (forced >= len) break; // the line after the chunk's last: the next chunk keeps its first line (keepNext)
        start = forced;
        forced = -1;
        end = chunk.indexOf('\n', start);
      } else {
        const from = SCAN.lastIndex;
        const m = SCAN.exec(chunk);
        let at = m ? m.index : len;
        if (SECOND && second < from) {
          SECOND.lastIndex = from;
          second = SECOND.exec(chunk)?.index ?? len;
        }
        const word = SECOND !== undefined && second < at;
        if (word) at = second;
        else if (!m) break;
        if (word || m![1] !== undefined) {
          start = chunk.lastIndexOf('\n', at) + 1; // an anchor somewhere in the line
          end = chunk.indexOf('\n', at);
          const line = chunk.slice(start, end < 0 ? len : end);
          if (!holdsWord(line)) {
            // An anchor without its word ("BIOS" in a line without "SVM disabled (by BIOS)"): a plain line nobody reads.
            // The scan jumps over the rest of the line: a bare CR there is looked for here (a CRLF's CR is no bare CR).
            const cr = line.indexOf('\r', at - start);
            if (cr >= 0 && cr < line.length - 1) return void (this.failed = true);
            if (end < 0) break;
            SCAN.lastIndex = end;
            continue;
          }
        } else {
          if (chunk.charCodeAt(at) === 0x0d) return void (this.failed = true); // a bare CR
          start = at + 1; // the newline before a line that is not an unread kernel line
          end = chunk.indexOf('\n', start);
        }
      }
      if (start >= len) break;
      if (end < 0) end = len;
      while (pos < start) {
        const nl = chunk.indexOf('\n', pos);
        if (nl < 0 || nl >= start) break;
        no++;
        pos = nl + 1;
      }
      if (!this.take(chunk, start, end, no)) {
        forced = end + 1; // no kernel line: the line after it is kept too
        // A line already repeated as often as it is kept (a blank line: once): the same lines right after it are
        // counted in one quick loop, not found and taken one by one (200 MB of blank lines: seconds, not minutes).
        const n = end < len ? this.skipSame(chunk, start, end, no) : 0;
        if (n > 0) {
          const w = end - start;
          no += n;
          pos = end + 1 + (n - 1) * (w + 1); // the last line skipped
          end = pos + w;
          forced = end + 1;
        }
      }
      if (this.failed) return;
      if (end >= len) break;
      SCAN.lastIndex = end; // its own newline may start the next match
    }
    this.keepNext = forced >= len;
    for (let nl = chunk.indexOf('\n', pos); nl >= 0; nl = chunk.indexOf('\n', nl + 1)) no++;
    this.lineNo = no;
    const last = this.endedLine ? len - 1 : len;
    this.prevLine = chunk.slice(chunk.lastIndexOf('\n', last - 1) + 1, chunk.charCodeAt(last - 1) === 0x0d ? last - 1 : last);
  }

  /**
   * How many lines right after chunk[start, end) (line `no`, no kernel line, just taken) are the same line and would
   * be left out as repeats: they are counted here. Each needs its newline in the chunk.
   */
  private skipSame(chunk: string, start: number, end: number, no: number): number {
    const w = end - start;
    if (this.prevNo !== no || this.prevRun < (w === 0 ? 1 : logLaneTuning.keepRepeats)) return 0;
    if (chunk.charCodeAt(end - 1) === 0x0d) return 0; // CRLF: the slow way
    let n = 0;
    let p = end + 1;
    while (p + w < chunk.length && chunk.charCodeAt(p + w) === 0x0a && (w === 0 || chunk.startsWith(this.prevText!, p))) {
      n++;
      p += w + 1;
    }
    this.other += n;
    this.prevNo += n;
    this.prevRun += n;
    return n;
  }

  /** Keep (or fold) the line chunk[start, end) numbered `no`; true when it is a kernel line. */
  private take(chunk: string, start: number, end: number, no: number): boolean {
    const line = chunk.slice(start, chunk.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    // The second half of a kernel line a forum broke in two (paste-repair.ts): its first half goes back in, kept, so
    // that sniff() joins them as on the plain path; at the start of a chunk, the first half ended the chunk before
    // (where two threads' parts meet, absorb() does the same).
    // Whether the line could be a second half at all is asked before its line before is even looked up.
    if (this.lastKeptNo !== no - 1 && mayBeWrapTail(line)) {
      const head = start > 0 ? chunk.slice(chunk.lastIndexOf('\n', start - 2) + 1, chunk.charCodeAt(start - 2) === 0x0d ? start - 2 : start - 1) : this.prevLine;
      if (joins(head, line)) this.restore(head!, no - 1);
    }
    const taken = this.takeLine(line, no);
    // The scan jumps over the rest of a kept line: a bare CR there is found here.
    if (taken !== 'folded' && line.includes('\r')) this.failed = true;
    return taken !== 'kept';
  }

  /**
   * Keep (or fold) one whole line numbered `no`: a line of a chunk, or one another reader kept, merged into this one.
   * 'kept' is a line that is no kernel line.
   */
  private takeLine(line: string, no: number): 'kept' | 'kept-kernel' | 'folded' {
    const STAMP_AT = this.stampAt;
    STAMP_AT.lastIndex = 0;
    if (!STAMP_AT.test(line)) {
      // One blank line ends a block as well as a thousand; the same line over and over says nothing new after three.
      // Both are counted, not kept, as are lines no parser reads once many lines are kept ('kept' all the same: the
      // line after one is no plain kernel line either).
      const run = no === this.prevNo + 1 && line === this.prevText ? this.prevRun + 1 : 1;
      this.prevText = line;
      this.prevNo = no;
      this.prevRun = run;
      if (run > (/\S/.test(line) ? logLaneTuning.keepRepeats : 1) || (this.lines.length >= laneLimits.softLines && !this.matters(line))) {
        this.other++;
        return 'kept';
      }
      this.keep(line, no);
      return 'kept';
    }
    // The message after the stamp is what repeats; other lines are never folded.
    const key = line.slice(STAMP_AT.lastIndex);
    const seen = this.seen.get(key);
    if (seen === undefined) this.seen.set(key, { count: 1, text: '', no: 0 });
    else if (seen.count >= logLaneTuning.keepRepeats) {
      seen.text = line;
      seen.no = no;
      this.folded++;
      this.lastFoldedNo = no;
      return 'folded';
    } else seen.count++;
    this.keep(line, no);
    return 'kept-kernel';
  }

  /** mayMatter(), counted: past laneLimits.maxLooked the input is refused. */
  private matters(line: string): boolean {
    if (++this.looked > laneLimits.maxLooked) throw new LaneOverflow(true);
    if (mayMatter(line)) return true;
    this.lookedOut++;
    return false;
  }

  /** Keep a kernel line left out or folded a moment ago (the first half of a broken line), in its place. */
  private restore(line: string, no: number): void {
    if (this.lastFoldedNo === no) {
      const STAMP_AT = this.stampAt;
      STAMP_AT.lastIndex = 0;
      const key = STAMP_AT.test(line) ? line.slice(STAMP_AT.lastIndex) : line;
      this.folded--;
      const seen = this.seen.get(key);
      if (seen?.no === no) seen.no = 0;
    }
    this.keep(line, no);
  }

  private keep(line: string, no: number): void {
    this.lastKeptNo = no;
    this.chars += line.length;
    if (this.lines.length >= laneLimits.maxLines || this.chars > laneLimits.maxChars) throw new LaneOverflow();
    this.lines.push(line);
    this.nos.push(no);
  }

  /** The latest folded line of each message that had one. */
  private latest(): [string, { text: string; no: number }][] {
    const out: [string, { text: string; no: number }][] = [];
    for (const e of this.seen) if (e[1].no > 0) out.push(e);
    return out;
  }

  /** What a reader of a later part of the same text hands over (plain data: it crosses threads). */
  state(): LaneState {
    return { failed: this.failed, lines: this.lines, nos: this.nos, lastOf: this.latest().map(([key, { text, no }]) => [key, { text, no }]), folded: this.folded, lineNo: this.lineNo, endedLine: this.endedLine, keepNext: this.keepNext, firstLine: this.firstLine, other: this.other, lookedOut: this.lookedOut };
  }

  /**
   * Continue with what a reader of the next part of the text kept, as if this reader had read that part itself: its
   * lines are renumbered and folded again against what this one has seen, and its first line is kept when this part
   * ended with a line that is no kernel line.
   */
  absorb(s: LaneState): void {
    if (s.failed) this.failed = true;
    if (this.failed || s.firstLine === undefined) return;
    const base = this.lineNo - 1;
    if (this.keepNext && s.nos[0] !== 1) this.takeLine(s.firstLine, base + 1);
    // What take() does for a line broken in two (a tail restores its head), where the two parts meet and where this
    // reader folds a head the other kept: the same lines as one reader reading it all.
    // A line broken across the two parts: its head ended this part (left out or folded here).
    if (s.nos[0] === 1 && this.lastKeptNo !== base && joins(this.prevLine, s.lines[0])) this.restore(this.prevLine!, base);
    for (let i = 0; i < s.lines.length; i++) {
      const line = s.lines[i]!;
      const no = base + s.nos[i]!;
      // A head the other reader kept for its second half stays kept, even when this reader folds its message.
      if (this.takeLine(line, no) === 'folded' && s.nos[i + 1] === s.nos[i]! + 1 && joins(line, s.lines[i + 1])) this.restore(line, no);
    }
    this.folded += s.folded;
    this.other += s.other;
    // The lines it kept were looked at again above; those it left out after a look count here (one reader past
    // maxLooked is refused: so are two).
    this.looked += s.lookedOut;
    this.lookedOut += s.lookedOut;
    if (this.looked > laneLimits.maxLooked) throw new LaneOverflow(true);
    for (const [key, v] of s.lastOf) {
      // The other reader kept this message's first lines, which were taken again above: its record is there.
      const seen = this.seen.get(key) ?? { count: logLaneTuning.keepRepeats, text: '', no: 0 };
      seen.text = v.text;
      seen.no = base + v.no;
      this.seen.set(key, seen);
    }
    this.lineNo = base + s.lineNo;
    this.endedLine = s.endedLine;
    this.keepNext = s.keepNext;
  }

  /** What was kept; undefined when the lane stepped aside. */
  finish(): LaneLines | undefined {
    if (this.failed) return undefined;
    // The latest of each folded message goes back in its place.
    const late = this.latest().map(([, v]) => v);
    const folded = this.folded - late.length;
    const { lines, nos } = late.length ? merged(this.lines, this.nos, late) : { lines: this.lines, nos: this.nos };
    const total = this.endedLine ? this.lineNo - 1 : this.lineNo;
    return { lines, nos, dropped: total - lines.length - folded - this.other, folded, other: this.other };
  }
}

// Lines of every kind the lane treats apart, for warmLane(): a marker and the line after it, a boot's first line,
// plain kernel lines nobody reads, a read message repeated (kept, then folded) in dmesg and journal form, an anchor
// with and without its word, a word of the second scan, forum-broken lines (the second half found by the scan, the
// first half left out, once across two pieces), repeated and blank non-kernel lines, another program, CRLF, short lines.
const WARM_A = [
  '=== dmesg ===',
  '[    0.000000] Linux version 6.8.0-warm (warm@up) #1 SMP',
  '[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  '[    1.100000] EXT4-fs (sda1): mounted filesystem with ordered data mode.',
  '[    1.200000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  '[    1.210000] ata1: BIOS reports a cable, nothing more',
  '[    1.220000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  '[    1.300000] kvm: SVM disabled (by BIOS) in MSR_VM_CR',
  '[    1.310000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  '[    1.400000] pci 0000:00:01.0: not ready 1023ms after FLR; waiting',
  '[    1.410000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)',
  '[    1.500000] pci 0000:01:00.0: BAR 1: assigned [mem 0xe0000000-0xefff',
  'ffff 64bit pref]',
  '[    1.600000] pci 0000:02:00.0: reg 0x10: [mem 0xf0000000-0xf0ff',
  'ffff]',
  '',
  '',
  '',
  'some words a person wrote',
  'some words a person wrote',
  'some words a person wrote',
  'some words a person wrote',
  'some words a person wrote',
  'ok',
  'Nov 18 08:00:02 host kernel: amdgpu 0000:0b:00.0: amdgpu: SMU is resumed successfully!',
  'Nov 18 08:00:03 host kernel: usb 3-2: new SuperSpeed USB device number 4 using xhci_hcd',
  'Nov 18 08:00:04 host kernel: amdgpu 0000:0b:00.0: amdgpu: SMU is resumed successfully!',
  'Nov 18 08:00:05 host systemd[1]: Started a unit.',
  'Nov 18 08:00:06 host kernel: amdgpu 0000:0b:00.0: amdgpu: SMU is resumed successfully!',
  'Nov 18 08:00:07 host kernel: amdgpu 0000:0b:00.0: amdgpu: SMU is resumed successfully!',
  '[    2.000000] vfio-pci 0000:01:00.0: vfio_bar_restore: reset recovery - restoring BARs\r',
  '[    2.100000] EXT4-fs (sda1): re-mounted.\r',
  '[    2.200000] pci 0000:03:00.0: reg 0x10: [mem 0xf1000000-0xf10f',
].join('\n') + '\n';
const WARM_B = ['ffff]', '[    2.300000] EXT4-fs (sda1): mounted filesystem with ordered data mode.', '[    2.400000] vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)', ''].join('\n');
let warmed = false;

/**
 * Read a few dozen made-up lines of every kind through the lane (once a thread), before a big input. V8 optimises the
 * lane's loop after some thousand lines, and threw that code away each time a line of a kind it had not seen yet came
 * along (a marker, an anchor without its word, a broken line: "insufficient type feedback"), then compiled it again,
 * ~10 ms of a compiler thread each time: on a 25 MB journal, six rounds. Seen here first, every kind is in the first
 * code compiled.
 */
export function warmLane(): void {
  if (warmed) return;
  warmed = true;
  for (let i = 0; i < 2; i++) {
    const r = new LaneReader();
    r.push(WARM_A);
    r.push(WARM_B);
    const late = new LaneReader(false);
    late.push(WARM_A);
    r.absorb(late.state());
    r.finish();
  }
}

/** Whether `head` and `tail` are the two halves of one broken line (joinWrapped asks mayBeWrapTail of the tail first). */
const joins = (head: string | undefined, tail: string | undefined): boolean => head !== undefined && tail !== undefined && joinWrapped(head, tail) !== undefined;

/**
 * The lines of `text` that can matter, with their numbers; undefined when the text is small or the lane cannot be
 * sure of its line ends (then the plain path reads everything).
 */
export function laneLines(text: string, minBytes = logLaneTuning.minBytes): LaneLines | undefined {
  if (text.length < minBytes) return undefined;
  const r = new LaneReader();
  try {
    r.push(text);
  } catch (e) {
    if (!(e instanceof LaneOverflow)) throw e;
    // Text already in memory (a collected file, at most a few MB) beyond the lane's limits: what was kept is read,
    // and every later line is counted as left out (a note says so), rather than the run failing.
    const kept = r.finish()!;
    let total = 1;
    for (let nl = text.indexOf('\n'); nl >= 0 && nl < text.length - 1; nl = text.indexOf('\n', nl + 1)) total++;
    return { ...kept, dropped: 0, other: total - kept.lines.length - kept.folded };
  }
  return r.finish();
}

/** `lines`/`nos` with the `late` lines (each with its number) put in their places, in order of number. */
function merged(lines: string[], nos: number[], late: { text: string; no: number }[]): { lines: string[]; nos: number[] } {
  late.sort((a, b) => a.no - b.no);
  const outL: string[] = [];
  const outN: number[] = [];
  let j = 0;
  for (let i = 0; i < lines.length; i++) {
    while (j < late.length && late[j]!.no < nos[i]!) {
      outL.push(late[j]!.text);
      outN.push(late[j]!.no);
      j++;
    }
    outL.push(lines[i]!);
    outN.push(nos[i]!);
  }
  for (; j < late.length; j++) {
    outL.push(late[j]!.text);
    outN.push(late[j]!.no);
  }
  return { lines: outL, nos: outN };
}
