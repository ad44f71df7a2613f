// Sniffs pastes: splits text at bundle markers and shell prompts, cleans each line, and groups lines by kind.
import { hasTypography, normalizeTypography, stripControl, stripInlineCode, stripQuote, MAX_LINE, type Line } from './line';
import type { Parser, PreStripped, ShapeRead, SourceKind } from './parser';
import { kindOfSource, pathOfSource } from './source-kind';
import { PARSERS, SHAPE_ORDER, WHOLE_FILE_KINDS } from './registry';
import { kernelLogParser } from './kernel-log';
import { buildLogParser } from './qemu';
import { meminfoParser } from './meminfo';
import { commandInProse, bareCommand } from './prose-command';
import { joinForumWraps, stripLineNumbers } from './paste-repair';
import { nulArgvToLines } from './qemu-cmdline';

export interface Block {
  kind: Exclude<SourceKind, 'auto'>;
  /** The section's source (command or path) when a marker or prompt named it. */
  source?: string;
  lines: Line[];
  /** Kernel log blocks: what the shape test already stripped off each line, by index (parse() reuses it). */
  stripped?: PreStripped;
}

export interface Sniffed {
  blocks: Block[];
  unparsed: Line[];
  /** Lines that were understood as structure (markers, prompts, fences, bundle header). */
  structural: number;
  /** Lines longer than MAX_LINE: read up to it (evidence keeps them whole). */
  capped: number;
}

/**
 * The name in a section marker, "=== NAME ===" (the bundle's) or "==> NAME <==" (`tail`/`head` of several files);
 * undefined when the line is none. Read with loops, not a regular expression: /^={3,}\s+(.+?)\s+={3,}$/ was cubic in
 * a run of spaces (a 12 KB line took minutes).
 */
export function markerName(tt: string): string | undefined {
  let a = 0;
  let z = tt.length;
  if (tt.startsWith('==>') && tt.endsWith('<==') && z >= 6) {
    a = 3;
    z -= 3;
  } else {
    while (a < z && tt.charCodeAt(a) === 0x3d) a++;
    while (z > a && tt.charCodeAt(z - 1) === 0x3d) z--;
    if (a < 3 || tt.length - z < 3) return undefined;
  }
  // At least one white-space character on each side of a name that is not blank.
  if (z - a < 3 || !/\s/.test(tt[a]!) || !/\s/.test(tt[z - 1]!)) return undefined;
  const name = tt.slice(a, z).trim();
  return name ? name : undefined;
}
const BUNDLE_HEADER = /^#+\s*vfio-doctor (?:support bundle|bundle)|^#+\s*(?:redacted|share this|end of bundle|kernel log reduced)/i;
const KNOWN_CMDS =
  /^(?:sudo\s+)?(?:lspci|dmesg|journalctl|cat|ls|find|lsmod|uname|grep|egrep|for|shopt|head|tail|zcat|zgrep|modinfo|virsh|qemu-system\S*|update-grub|update-initramfs|mkinitcpio|dracut|systemd-detect-virt|lscpu|awk|bash|sh|\.\/\S+|ls-iommu|proxmox-boot-tool|kernelstub|bootctl|grubby|driverctl|echo|modprobe|sysctl|lsinitramfs|lsinitcpio|lsinitrd|pvesh|qm)\b/;
// user@host:~$ cmd | [user@host dir]$ cmd | root@pve:~# cmd | $ cmd | ❯ cmd
const PROMPT_USER = /^(?:\([\w.-]+\)\s*)?(?:\[[\w.-]+@[\w.-]+(?:[\s:][^\]]*)?\]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?)\s?[$#%]\s*(.*)/;
const PROMPT_BARE = /^(?:[$%❯]|>>>)(?:\s+(.+)|\s*$)/;
const PROMPT_HASH = /^#\s+(.+)/;

export function promptCommand(text: string): string | undefined {
  const t = text.trim();
  // Every prompt shape needs a user@host, or starts with $, %, ❯, > or #: most lines are none, and skip the regexes.
  const c = t.charCodeAt(0);
  if (c !== 0x24 && c !== 0x25 && c !== 0x3e && c !== 0x23 && c !== 0x276f && !t.includes('@')) return undefined;
  let m = PROMPT_USER.exec(t);
  // An empty prompt ("user@host:~$ ") is still a prompt: it ends the previous command's output.
  if (m) return m[1]!.trim();
  m = PROMPT_BARE.exec(t);
  if (m) return (m[1] ?? '').trim();
  m = PROMPT_HASH.exec(t);
  if (m && KNOWN_CMDS.test(m[1]!) && !/^#\s+CONFIG_/.test(t)) return m[1]!.trim();
  return undefined;
}

// Exactly the characters stripControl() removes (line.ts's CONTROL), as "not one of the others": scans faster.
const NOT_PLAIN = /[^\t\n -~\x80-\u200a\u200e-\u2027\u202a-\u205f\u2061-\ufefe\uff00-\uffff]/;
// A journal or dmesg line: "[    1.234567] …", "[Mon Nov 25 …] …" or "Nov 25 13:03:11 host …".
const FAST_STAMP = /^(?:\[[\s\d]|\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )/;

/** The first parser in SHAPE_ORDER whose shape the line has (test/perf checks this against classifySlow). */
export function classify(text: string, prev: Parser | undefined, read?: ShapeRead): Parser | undefined {
  if (prev?.continues?.(text)) return prev;
  if (FAST_STAMP.test(text)) {
    // Of the shapes tried before the kernel log's, only the build log's (unanchored) and the hugepage listing's can
    // match such a line; the others are anchored to a first character it does not have. Same answer, one regex.
    if (buildLogParser.starts(text)) return buildLogParser;
    if (text.includes('hugepages-') && meminfoParser.starts(text)) return meminfoParser;
    if (kernelLogParser.starts(text, read)) return kernelLogParser;
  }
  for (const p of SHAPE_ORDER) if (p.starts(text, read)) return p;
  return undefined;
}

/** classify() without the fast lane: every shape in order. */
export function classifySlow(text: string, prev: Parser | undefined): Parser | undefined {
  if (prev?.continues?.(text)) return prev;
  for (const p of SHAPE_ORDER) if (p.starts(text)) return p;
  return undefined;
}

/** Split a source into blocks of one kind each. Never throws. */
/**
 * Markdown's indented code blocks (Reddit, Stack Exchange): after a blank line, a run of lines that all start with
 * four spaces or a tab. Remove that one level so the outputs inside parse as if fenced.
 */
export function dedentCodeBlocks(lines: string[]): void {
  const indented = (l: string) => /^(?: {4}|\t)/.test(l);
  const blank = (l: string) => l.trim() === '';
  let i = 0;
  while (i < lines.length) {
    if (!indented(lines[i]!) || (i > 0 && !blank(lines[i - 1]!))) {
      i++;
      continue;
    }
    let j = i;
    let content = 0;
    while (j < lines.length && (indented(lines[j]!) || blank(lines[j]!))) {
      if (!blank(lines[j]!)) content++;
      j++;
    }
    if (content >= 2) for (let k = i; k < j; k++) lines[k] = lines[k]!.replace(/^(?: {4}|\t)/, '');
    i = j;
  }
}

/**
 * `numbered`: the lines to read, with their numbers, when the big-input lane (log-lane.ts) has already left out the
 * kernel lines nobody reads; `text` is then not split again.
 */
export function sniff(text: string, source: string, kind: SourceKind = 'auto', firstLineNo = 1, numbered?: { lines: string[]; nos: number[] }): Sniffed {
  const out: Sniffed = { blocks: [], unparsed: [], structural: 0, capped: 0 };
  let sectionSource: string | undefined = kind === 'auto' ? undefined : source;
  let sectionKind: SourceKind = kind;
  let current: Block | undefined;
  let prev: Parser | undefined;
  // A QEMU's /proc/PID/cmdline separates its arguments with NUL, which line cleaning would drop: read as words first.
  const body = numbered ? '' : nulArgvToLines(text.replace(/^\ufeff/, ''));
  const rawLines = numbered ? numbered.lines.slice() : body.split(/\r\n|\r|\n/);
  if (numbered && rawLines.length) rawLines[0] = rawLines[0]!.replace(/^\ufeff/, '');
  // Text with no control or zero-width character at all (most pastes, every big log) needs no per-line cleaning.
  const plain = numbered ? !rawLines.some((l) => NOT_PLAIN.test(l)) : !NOT_PLAIN.test(body);
  // A paste's typographic quotes, dashes and spaces are the forum's, not the program's: read them as ASCII. Files
  // given as files (a collected or named source) keep theirs: a curly quote in a real /etc/default/grub is a fault.
  const typographic = kind === 'auto' && (numbered ? rawLines.some(hasTypography) : hasTypography(body));
  // After a bundle's header, "# …" notes between sections are the collector's, not the user's.
  let inBundle = false;
  let inFence = false;
  let fenceFirst = false;
  if (!numbered && rawLines.length && rawLines[rawLines.length - 1] === '') rawLines.pop();
  if (kind === 'auto') {
    // A pastebin page's line numbers go first (they would hide the indentation dedentCodeBlocks looks for), a kernel
    // line a forum broke in two last (paste-repair.ts).
    stripLineNumbers(rawLines, (l) => classify(l, undefined) !== undefined, numbered?.nos);
    dedentCodeBlocks(rawLines);
    joinForumWraps(rawLines, numbered?.nos);
  }

  // What the last shape test read of a line (this sniff's own, no module state): a kernel log block keeps it.
  const read: ShapeRead = {};
  const push = (k: Exclude<SourceKind, 'auto'>, line: Line) => {
    if (!current || current.kind !== k || current.source !== sectionSource) {
      current = { kind: k, source: sectionSource, lines: [] };
      if (k === 'kernel-log') current.stripped = [];
      out.blocks.push(current);
    }
    if (current.stripped && read.text === line.text) current.stripped[current.lines.length] = read.stripped ?? null;
    current.lines.push(line);
  };
  const startSection = (src: string | undefined, k: SourceKind) => {
    sectionSource = src;
    sectionKind = k;
    current = undefined;
    prev = undefined;
    // Sections whose emptiness means something (ls of the groups folder) need a block even with no lines.
    if (k === 'iommu-groups-ls' || k === 'host' || (k === 'iommu-groups' && /^(?:sudo\s+)?(?:find|ls)\b/.test(src ?? ''))) {
      current = { kind: k, source: src, lines: [] };
      out.blocks.push(current);
    }
  };

  // The source every line of a section gets: computed once per section, not per line.
  let sourceOf: string | undefined;
  let sourceName = source;
  const lineSource = () => {
    if (sourceOf !== sectionSource) {
      sourceOf = sectionSource;
      sourceName = sectionSource ? pathOfSource(sectionSource) ?? sectionSource : source;
    }
    return sectionSource ? sourceName : source;
  };
  for (let i = 0; i < rawLines.length; i++) {
    const no = numbered ? firstLineNo - 1 + numbered.nos[i]! : firstLineNo + i;
    let t = plain ? rawLines[i]! : stripControl(rawLines[i]!);
    if (typographic) t = normalizeTypography(t);
    // Quote marks, fences, bundle notes and markers are anchored: skip their regexes when the first character rules them out.
    if (kind === 'auto' && (t.charCodeAt(0) === 0x3e || /^\s/.test(t))) t = stripQuote(t);
    // A line set as Markdown inline code (`[  365.1] vfio_pin_pages_remote: …`) is read as the text inside.
    if (kind === 'auto' && t.includes('`')) t = stripInlineCode(t);
    // Patterns see at most MAX_LINE characters of a line: whatever its shape, a line costs them a bounded time.
    let full: string | undefined;
    if (t.length > MAX_LINE) {
      full = t;
      t = t.slice(0, MAX_LINE);
      out.capped++;
    }
    if (kind === 'auto') {
      const tt = t.trim();
      const c0 = tt.charCodeAt(0);
      if ((c0 === 0x60 || c0 === 0x7e) && /^(?:```|~~~)/.test(tt)) {
        out.structural++;
        // A closing fence ends the output inside it: the prose after it belongs to no command.
        if (!(inFence = !inFence)) startSection(undefined, 'auto');
        else {
          // An opening fence after "`cmd` outputs this:": the block is that command's output.
          let p = i - 1;
          while (p >= 0 && !rawLines[p]!.trim()) p--;
          const named = p >= 0 ? commandInProse(rawLines[p]!) : undefined;
          if (named) startSection(named, kindOfSource(named));
          fenceFirst = true;
        }
        continue;
      }
      // The block's first line may be its command, written without a prompt.
      if (fenceFirst && tt) {
        fenceFirst = false;
        const bare = bareCommand(tt);
        if (bare) {
          out.structural++;
          startSection(bare, kindOfSource(bare));
          continue;
        }
      }
      if (c0 === 0x23 && (BUNDLE_HEADER.test(tt) || (inBundle && /^#(?:\s|$)/.test(tt) && !WHOLE_FILE_KINDS.has(sectionKind)))) {
        if (/vfio-doctor (?:support bundle|bundle)/i.test(tt)) inBundle = true;
        out.structural++;
        continue;
      }
      const mk = c0 === 0x3d ? markerName(tt) : undefined;
      if (mk) {
        out.structural++;
        startSection(mk, kindOfSource(mk));
        continue;
      }
      // A journal or dmesg line cannot be a shell prompt (every prompt shape needs a user@host, a "(", $, %, ❯ or #).
      const cmd = FAST_STAMP.test(tt) ? undefined : promptCommand(tt);
      if (cmd !== undefined) {
        out.structural++;
        startSection(cmd || undefined, cmd ? kindOfSource(cmd) : 'auto');
        continue;
      }
    }
    const line: Line = full === undefined ? { text: t.trimEnd(), no, source: lineSource() } : { text: t.trimEnd(), no, source: lineSource(), full: full.trimEnd() };
    if (!line.text.trim()) {
      // Blank lines end continuation context but belong to whole-file sections.
      if (WHOLE_FILE_KINDS.has(sectionKind as never)) push(sectionKind as Exclude<SourceKind, 'auto'>, line);
      prev = undefined;
      continue;
    }
    if (sectionKind !== 'auto' && WHOLE_FILE_KINDS.has(sectionKind as never)) {
      push(sectionKind as Exclude<SourceKind, 'auto'>, line);
      continue;
    }
    const hinted = sectionKind !== 'auto' ? PARSERS[sectionKind as Exclude<SourceKind, 'auto'>] : undefined;
    let p: Parser | undefined;
    if (hinted && (hinted.starts(line.text, read) || hinted.claims?.(line.text) || (prev === hinted && hinted.continues?.(line.text)))) p = hinted;
    else p = classify(line.text, prev, read) ?? hinted;
    if (!p) {
      out.unparsed.push(line);
      prev = undefined;
      current = undefined;
      continue;
    }
    push(p.kind, line);
    prev = p;
  }
  return out;
}
