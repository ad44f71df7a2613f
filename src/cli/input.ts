// Reading what the user gave us (a file or stdin), decoding it, and refusing what is not text with a clear reason.
import { closeSync, openSync, statSync, readFileSync } from 'node:fs';
import { UsageError } from './args';
import { logLaneTuning, LaneOverflow, LaneReader, type LaneLines } from '../parse/log-lane';
import { readFileLaned, readStreamLaned, laneFirst } from './lane-read';
import { tr } from '../i18n/lang';

export { PASTE_COMMANDS, WHAT_TO_PASTE, whatToPaste } from './paste-hints';
export { MAX_INPUT_BYTES, readSome, readFdCapped } from './read-fd';
import { MAX_INPUT_BYTES, readFdCapped } from './read-fd';
import { WHAT_TO_PASTE, whatToPaste } from './paste-hints';

function tooLarge(name: string, bytes?: number): UsageError {
  const size = bytes === undefined ? tr('larger than 256 MB', '超过 256 MB') : `${Math.round(bytes / (1024 * 1024))} MB`;
  return new UsageError(
    tr(
      `${name} is ${size}; vfio-doctor analyses at most 256 MB. Give only the current boot's kernel log (\`journalctl -k -b\` or \`sudo dmesg\`), or run \`vfio-doctor collect\` on that machine`,
      `${name} 有 ${size}；vfio-doctor 最多分析 256 MB。请只提供本次启动的内核日志（\`journalctl -k -b\` 或 \`sudo dmesg\`），或者在那台机器上运行 \`vfio-doctor collect\``,
    ),
  );
}

/** Refuse text that is mostly control characters and replacement characters: binary data, not a paste. */
function refuseBinary(text: string, name: string): void {
  const sample = text.slice(0, 65536);
  // Control characters other than tab, newline, CR and ESC, and U+FFFD (bytes that were not UTF-8). A regular
  // expression, not a loop: on a short run the loop would still be interpreted, not compiled.
  const bad = sample.match(/[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\ufffd]/g)?.length ?? 0;
  if (sample.length > 0 && bad / sample.length > 0.1) throw new UsageError(tr(`${name} looks like binary data, not text; ${WHAT_TO_PASTE}`, `${name} 看起来是二进制数据，不是文本；${whatToPaste()}`));
}

/** Decode bytes: UTF-8 (BOM stripped) or UTF-16 with a BOM; binary data is refused. */
function decodeInput(buf: Buffer, name: string): string {
  if (buf.length > MAX_INPUT_BYTES) throw tooLarge(name, buf.length > MAX_INPUT_BYTES + 1 ? buf.length : undefined);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  refuseBinary(text, name);
  return text;
}

export interface Input {
  text: string;
  name: string;
  /** Set when a big file went through the log lane: `text` is the kept lines, these their numbers in the file. */
  lineNos?: number[];
  /** With lineNos: what the lane left out. */
  skipped?: { dropped: number; folded: number; other: number };
}

const fromLane = (kept: LaneLines, name: string): Input => ({ text: kept.lines.join('\n'), name, lineNos: kept.nos, skipped: { dropped: kept.dropped, folded: kept.folded, other: kept.other } });

/** What the lane keeps is bounded: beyond that the input is refused in one line, before memory runs out. */
function overflow(e: unknown, name: string): never {
  if (e instanceof LaneOverflow)
    throw new UsageError(
      tr(
        `${name} is too big to analyse: ${e.message}. Give only the current boot's kernel log (\`journalctl -k -b\` or \`sudo dmesg\`), or run \`vfio-doctor collect\` on that machine`,
        `${name} 太大，无法分析：${e.message}。请只提供本次启动的内核日志（\`journalctl -k -b\` 或 \`sudo dmesg\`），或者在那台机器上运行 \`vfio-doctor collect\``,
      ),
    );
  throw e;
}

/**
 * Big text decoded whole (UTF-16, which the lane cannot cut into pieces as bytes) read through the lane in pieces
 * of whole lines all the same, so what is kept stays bounded; small text as it is.
 */
function lanedText(text: string, name: string): Input {
  if (text.length < logLaneTuning.minBytes) return { text, name };
  const lane = new LaneReader();
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + 1024 * 1024);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end - 1);
      const next = nl >= at ? nl : text.indexOf('\n', end);
      end = next < 0 ? text.length : next + 1;
    }
    let piece = text.slice(at, end);
    if (piece.includes('\r')) piece = piece.replace(/\r(?!\n)/g, '\n');
    lane.push(piece);
    if (lane.failed) return { text, name };
    at = end;
  }
  const kept = lane.finish();
  return kept ? fromLane(kept, name) : { text, name };
}

/**
 * A big UTF-8 file read in pieces of whole lines through the log lane: the file never exists as one string, and only
 * the lines that can matter are kept. Undefined when the lane steps aside (UTF-16, bare CRs): read it whole then.
 */
function readLaned(fd: number, size: number, name: string): Input | undefined {
  const lane = readFileLaned(
    fd,
    size,
    laneFirst,
    (text) => refuseBinary(text, name),
  );
  const kept = lane?.lane.finish();
  if (!kept) return undefined;
  return fromLane(kept, name);
}

/** A pipe read through the lane as it arrives (a 50 MB paste never exists as one string); small input the plain way. */
function readStdinLaned(read: (buf: Buffer, off: number, len: number) => number): Input {
  const name = tr('standard input', '标准输入');
  try {
    const r = readStreamLaned(read, logLaneTuning.minBytes, MAX_INPUT_BYTES, () => tooLarge(name), laneFirst, (text) => refuseBinary(text, name));
    const kept = r.lane?.finish();
    if (kept) return fromLane(kept, '-');
    return lanedText(decodeInput(r.bytes ?? Buffer.alloc(0), name), '-');
  } catch (e) {
    return overflow(e, name);
  }
}

/**
 * `stdinRead`, when given, reads standard input piece by piece (the real process); tests give `stdin`, all of it.
 */
export function readInput(file: string, stdin: () => Buffer, stdinRead?: (buf: Buffer, off: number, len: number) => number): Input {
  if (file === '-') {
    if (stdinRead) return readStdinLaned(stdinRead);
    try {
      return lanedText(decodeInput(stdin(), tr('standard input', '标准输入')), '-');
    } catch (e) {
      return overflow(e, tr('standard input', '标准输入'));
    }
  }
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? tr(`${file}: no such file`, `${file}：文件不存在`) : tr(`${file}: cannot read (${code ?? 'error'})`, `${file}：无法读取（${code ?? 'error'}）`));
  }
  if (st.isDirectory()) throw new UsageError(tr(`${file} is a directory; give a text file, or use --root ${file} for a sysroot`, `${file} 是目录；请给一个文本文件，系统根目录请用 --root ${file}`));
  // A regular file's size is known before reading it; devices and pipes (/dev/zero, <(cmd)) are read up to the cap.
  if (st.isFile() && st.size > MAX_INPUT_BYTES) throw tooLarge(file, st.size);
  let buf: Buffer;
  try {
    // A big log is read in pieces through the log lane; the plain way when the lane steps aside.
    if (st.isFile() && st.size >= logLaneTuning.minBytes) {
      const fd = openSync(file, 'r');
      try {
        const laned = readLaned(fd, st.size, file);
        if (laned) return laned;
      } finally {
        closeSync(fd);
      }
    }
    // A regular file is read in one piece of its own size: no chunks to join, so only one copy is ever alive.
    if (st.isFile()) buf = readFileSync(file);
    else {
      const fd = openSync(file, 'r');
      try {
        buf = readFdCapped(fd);
      } finally {
        closeSync(fd);
      }
    }
    return lanedText(decodeInput(buf, file), file);
  } catch (e) {
    if (e instanceof UsageError) throw e; // binary data, said as such
    if (e instanceof LaneOverflow) overflow(e, file);
    throw new UsageError(tr(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, `${file}：无法读取（${(e as NodeJS.ErrnoException).code ?? 'error'}）`));
  }
}
