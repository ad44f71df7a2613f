// Undoes two things a web page does to a paste before sniff() reads it: a kernel line a forum broke in two, and the
// line numbers a pastebin's page puts before every line. Both only when the evidence is unambiguous.
import { stripLogPrefix } from './kernel-log';

// A resource as the kernel prints it (%pR, lib/vsprintf.c resource_string()): "[", the type ("io  ", "mem ", "irq ",
// "dma ", "bus ", "??? "), the start and end (or "size N" while unset), then " 64bit", " pref", " window", " disabled"
// in that order, or " flags 0x…" for an undecoded one, then "]". Each optional part starts with its own literal: linear.
const RESOURCE =
  /^\[(?:mem|io |irq|dma|bus|\?\?\?) (?:size )?(?:0x)?[0-9a-f]+(?:-(?:0x)?[0-9a-f]+)?(?: 64bit)?(?: pref)?(?: window)?(?: disabled)?(?: flags 0x[0-9a-f]+)?\]$/;
// A PCI vendor:device pair, "[10de:2504]".
const IDS = /^\[[0-9a-f]{4}:[0-9a-f]{4}\]$/;
/** The longest bracketed span a forum could have broken that we put back together (a resource is at most ~60). */
const MAX_SPAN = 96;

/**
 * The line a forum broke in two, put back together; undefined when `head` + `tail` is not that. `head` must be a stamped
 * kernel line whose last bracketed span is left open, `tail` a line that is no log line, starts where the forum broke
 * (no indentation) and closes the span before opening another; and the span, joined with a space (a forum breaks at
 * a space) or without one (a fixed-width wrap breaks anywhere), must be one the kernel prints: a resource or a
 * vendor:device pair. Anything else stays two lines (the tail counted as not understood).
 */
export function joinWrapped(head: string, tail: string): string | undefined {
  const open = head.lastIndexOf('[');
  if (open < 0 || head.length - open > MAX_SPAN || head.indexOf(']', open) >= 0) return undefined;
  if (!mayBeWrapTail(tail)) return undefined;
  const close = tail.indexOf(']');
  const log = stripLogPrefix(head);
  // The open bracket must be in the message, not the stamp ("[    1.23" cut inside the stamp is no message).
  if (!log?.stamped || head.length - open > log.message.length) return undefined;
  if (stripLogPrefix(tail)) return undefined;
  const left = head.slice(open).trimEnd();
  const right = tail.slice(0, close + 1);
  for (const sep of [' ', '']) {
    const span = left + sep + right;
    if (RESOURCE.test(span) || IDS.test(span)) return head.trimEnd() + sep + tail;
  }
  return undefined;
}

/**
 * What joinWrapped asks of the tail alone: it closes a bracket, near its start, with none opened before, and does not
 * start with a blank. A stamped log line ("[    1.2] …", "Nov 25 … kernel: [    1.2] …") never does, so a reader can
 * skip finding the line before it.
 */
export function mayBeWrapTail(tail: string): boolean {
  const close = tail.indexOf(']');
  return close > 0 && close <= MAX_SPAN && !/^\s/.test(tail) && tail.lastIndexOf('[', close) < 0;
}

/**
 * Join every broken kernel line of `lines` in place: the head takes the whole line, the tail's place is left blank so
 * every line keeps its number. `nos` (the big-input lane's line numbers): only lines next to each other in the input.
 * Returns how many were joined.
 */
export function joinForumWraps(lines: string[], nos?: number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!;
    // Cheap tests first: the head ends inside a bracket, the next line has a closing one.
    if (head.length < 4 || !head.includes('[') || !lines[i + 1]!.includes(']')) continue;
    if (nos && nos[i + 1] !== nos[i]! + 1) continue;
    const joined = joinWrapped(head, lines[i + 1]!);
    if (joined === undefined) continue;
    lines[i] = joined;
    lines[i + 1] = '';
    n++;
    i++;
  }
  return n;
}

// The line numbers a pastebin's page (or `cat -n`, or an editor) shows before each line, in the three shapes copying
// them gives: "12. text" (an ordered list), "12 | text" (a gutter drawn with a bar) and "    12\ttext" or "12 text"
// (a column). One separator character is taken with the number; the text keeps its own indentation.
const NUMBERED: RegExp[] = [/^(\d{1,6})\.(?:[ \t]|$)/, /^ {0,6}(\d{1,6}) ?[|│](?: |$)/, /^ {0,6}(\d{1,6})(?:[ \t]|$)/];
const FENCE = /^\s*(?:```|~~~)/;
const LEADING_NUMBER = /^ {0,6}\d/;

/**
 * Strip line numbers from every block (a run of lines between blank lines and fences) in which every line has them,
 * in one shape, counting up by one from the first; a block of at least two lines, at least one of which, stripped,
 * has the shape of something `readable` reads (so a Markdown list of prose steps stays as it is). In place.
 */
export function stripLineNumbers(lines: string[], readable: (s: string) => boolean, nos?: number[]): number {
  let stripped = 0;
  let i = 0;
  while (i < lines.length) {
    if (!LEADING_NUMBER.test(lines[i]!)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() && !FENCE.test(lines[j]!) && (!nos || nos[j] === nos[j - 1]! + 1)) j++;
    stripped += stripBlock(lines, i, j, readable);
    i = j;
  }
  return stripped;
}

function stripBlock(lines: string[], from: number, to: number, readable: (s: string) => boolean): number {
  if (to - from < 2) return 0;
  for (const re of NUMBERED) {
    const cut: number[] = [];
    let first = -1;
    for (let k = from; k < to; k++) {
      const m = re.exec(lines[k]!);
      if (!m) break;
      const n = Number(m[1]);
      if (k === from) first = n;
      else if (n !== first + (k - from)) break;
      cut.push(m[0].length);
    }
    if (cut.length !== to - from) continue;
    const texts = cut.map((c, k) => lines[from + k]!.slice(c));
    if (!texts.some((t) => t.trim() && readable(t))) continue;
    for (let k = 0; k < texts.length; k++) lines[from + k] = texts[k]!;
    return texts.length;
  }
  return 0;
}
