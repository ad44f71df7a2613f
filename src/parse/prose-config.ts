// Settings and log lines quoted inside prose ("I added `MODULES=(…)` to mkinitcpio.conf", "dmesg says \"…\""): read them.
import type { Line } from './line';
import type { FactsSink } from '../schema/facts-sink';
import type { Parser } from './parser';
import { grubParser } from './grub';
import { modprobeParser } from './modprobe';
import { kernelLogParser } from './kernel-log';
import { qemuParser, buildLogParser } from './qemu';
import { qemuStderrParser } from './qemu-stderr';

/**
 * Parsers whose lines mean the same quoted in a sentence as pasted on their own. Not the bare command line: a
 * quoted `intel_iommu=on` is what the user configured or meant, not proof of what the running kernel got.
 */
const QUOTABLE: Parser[] = [buildLogParser, qemuParser, qemuStderrParser, modprobeParser, grubParser, kernelLogParser];
/** Those of them that read what a program printed, not what a user configured. */
const LOG_ONLY = new Set<Parser>([buildLogParser, qemuParser, qemuStderrParser, kernelLogParser]);

// Files whose content a prose snippet is (the configuration file a quoted assignment belongs in).
const MKINITCPIO_ASSIGN = /^(?:MODULES|HOOKS|BINARIES|FILES)\+?=\s*[("']/;
const DRACUT_ASSIGN = /^(?:add_drivers|force_drivers|drivers|add_dracutmodules)\+?=\s*["']/;
const GRUB_ASSIGN = /^GRUB_CMDLINE_LINUX(?:_DEFAULT)?=/;
// systemd-boot loader entry line (loader.conf(5) / Boot Loader Specification "options").
const LOADER_OPTIONS = /^options\s+\S+=\S/;
const PATH_IN = /(\/etc\/(?:mkinitcpio\.conf(?:\.d\/[\w.-]+\.conf)?|dracut\.conf(?:\.d\/[\w.-]+\.conf)?))/;

/** The spans of a line that are quoted: inline code, double quotes (ASCII or typographic). */
export function quotedSpans(text: string): string[] {
  const out: string[] = [];
  if (text.includes('`')) {
    const parts = text.split('`');
    // Odd pieces are inside backticks; a last unclosed piece is not a span.
    for (let i = 1; i < parts.length - 1; i += 2) if (parts[i]!.trim()) out.push(parts[i]!.trim());
  }
  if (text.includes('"')) for (const m of text.matchAll(/"([^"]+)"/g)) if (m[1]!.trim()) out.push(m[1]!.trim());
  if (text.includes('\u201c')) for (const m of text.matchAll(/\u201c([^\u201d]+)\u201d/g)) if (m[1]!.trim()) out.push(m[1]!.trim());
  return out;
}

/** `echo 'TEXT' >> FILE`, `echo TEXT | sudo tee -a FILE`: what would be written, and where. */
export function echoToFile(text: string): { content: string; path: string } | undefined {
  const t = text.trim();
  const at = t.search(/(?:^|\s)(?:echo|printf)\s/);
  if (at < 0) return undefined;
  const rest = t.slice(t.indexOf(t.includes('echo') ? 'echo' : 'printf', at)).replace(/^(?:echo|printf)\s+(?:-[en]+\s+)?/, '');
  // The redirection or tee that ends the echoed text: the last one on the line.
  let redirect = rest.lastIndexOf('>');
  if (redirect > 0 && rest[redirect - 1] === '>') redirect--;
  const tee = rest.lastIndexOf('tee ');
  const cut = tee > redirect ? rest.lastIndexOf('|', tee) : redirect;
  if (cut <= 0) return undefined;
  const target = /(\/[\w./-]+)/.exec(tee > redirect ? rest.slice(tee + 4) : rest.slice(cut).replace(/^>+/, ''));
  if (!target) return undefined;
  let content = rest.slice(0, cut).trim();
  const q = content[0];
  if ((q === "'" || q === '"') && content.endsWith(q) && content.length > 1) content = content.slice(1, -1);
  content = content.replace(/\\n/g, '\n');
  return content.trim() ? { content, path: target[1]! } : undefined;
}

function lineFrom(l: Line, text: string, source = l.source): Line {
  // A line named after the file it writes (`echo … >> FILE` in prose) has no line number in that file (at 0: none).
  if (source !== l.source) return { text, no: l.no, at: 0, source };
  return l.at === undefined ? { text, no: l.no, source } : { text, no: l.no, at: l.at, source };
}

/** One span or line: read it as configuration or a quoted log line. True when something was learned. */
function readSpan(span: string, l: Line, b: FactsSink, whole: string, asLog: boolean, logOnly = false): boolean {
  const s = span.replace(/^(?:sudo\s+)/, '');
  if (logOnly) {
    for (const p of QUOTABLE) if (LOG_ONLY.has(p) && p.starts(s)) return p.parse([lineFrom(l, s)], b, undefined).length === 0;
    return false;
  }
  const echoed = /(?:^|\s)(?:echo|printf)\s/.test(s) ? echoToFile(s) : undefined;
  if (echoed) {
    const lines = echoed.content.split('\n').map((c) => lineFrom(l, c, echoed.path));
    if (echoed.path.includes('/modprobe.d/')) {
      const bad = modprobeParser.parse(lines, b, echoed.path);
      return bad.length < lines.length;
    }
    if (/^\/etc\/(?:modules|modules-load\.d\/|initramfs-tools\/modules|mkinitcpio|dracut)/.test(echoed.path)) {
      b.facts.configFiles.push({ path: echoed.path, content: echoed.content, partial: true });
      return true;
    }
    return false;
  }
  if (MKINITCPIO_ASSIGN.test(s) || DRACUT_ASSIGN.test(s)) {
    const mk = MKINITCPIO_ASSIGN.test(s);
    const named = PATH_IN.exec(whole)?.[1];
    const path = named && named.includes(mk ? 'mkinitcpio' : 'dracut') ? named : mk ? '/etc/mkinitcpio.conf' : '/etc/dracut.conf.d/(quoted in prose).conf';
    b.facts.configFiles.push({ path, content: s, partial: true });
    return true;
  }
  if (GRUB_ASSIGN.test(s)) return grubParser.parse([lineFrom(l, s, '/etc/default/grub')], b, undefined).length === 0;
  if (LOADER_OPTIONS.test(s)) {
    // A systemd-boot entry's command line: configuration, not proof of the running one. Not a path under
    // /boot/loader/entries either (that would say the host boots GRUB with BLS entries).
    b.facts.configFiles.push({ path: 'systemd-boot entry (quoted in prose)', content: s, partial: true });
    return true;
  }
  if (!asLog) return false;
  for (const p of QUOTABLE) {
    if (!p.starts(s)) continue;
    return p.parse([lineFrom(l, s)], b, undefined).length === 0;
  }
  return false;
}

// Words that make a clause deny, ask about or only propose what it quotes next.
const NOT_ASSERTED = /\b(?:not|never|no longer|nor|without|instead of|should i|shall i|do i need|must i|can i|suggest\w*|recommend\w*|advi[cs]e\w*|told me|supposed to|if i|whether)\b|n't\b/i;

const SEEING = /\b(?:see|seeing|saw|show\w*|find|found|get|getting|appear\w*|contain\w*|print\w*|say\w*|mention\w*|supposed to|whether)\b/i;

/**
 * The clause that introduces the line's first quoted span denies, asks or proposes ("I have NOT added `…`", "Should I
 * add `…`", "I don't see \"…\""). Only that clause: "it still doesn't work, so I added `…`" asserts what it quotes.
 */
export function notAsserted(text: string): 'config' | 'all' | undefined {
  const at = text.search(/[`"\u201c]/);
  if (at <= 0) return undefined;
  const clause = text.slice(0, at).split(/[,.;:!?()]|\b(?:so|but|and|then|because)\b/i).at(-1) ?? '';
  if (!NOT_ASSERTED.test(clause)) return undefined;
  // A log line is denied only by not seeing it; "it doesn't boot, I get `…`" has its own clause.
  return SEEING.test(clause) ? 'all' : 'config';
}

/**
 * Lines no parser took: read what they quote. Returns the lines from which nothing was learned (still unparsed).
 * Each line is read once: its quoted spans first, then the line itself as configuration (an indented code line).
 */
export function readProse(lines: Line[], b: FactsSink): Line[] {
  const left: Line[] = [];
  for (const l of lines) {
    let read = false;
    const spans = quotedSpans(l.text);
    // "Should I add `…`", "I have NOT added `…`": what the sentence quotes is not configured; "I don't see
    // \"DMAR: IOMMU enabled\"": not logged. Kept unread (counted). "…but it doesn't start: `…`" still quotes a log.
    const denied = spans.length > 0 ? notAsserted(l.text) : undefined;
    if (denied === 'all') {
      left.push(l);
      continue;
    }
    for (const span of spans) if (readSpan(span, l, b, l.text, true, denied === 'config')) read = true;
    // An event or JSON string with the lines of a log inside as literal "\n" escapes (KubeVirt, Harvester, APIs).
    if (!read && l.text.includes('\\n')) for (const piece of l.text.split('\\n')) if (readSpan(piece.trim(), l, b, l.text, true)) read = true;
    if (!read) read = readSpan(l.text.trim(), l, b, l.text, false);
    if (!read) left.push(l);
  }
  return left;
}
