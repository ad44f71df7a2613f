// Reading what the user gave us (a file or stdin), decoding it, and refusing what is not text with a clear reason.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './args';

export const WHAT_TO_PASTE = 'paste the output of `cat /proc/cmdline`, `sudo dmesg`, `lspci -nnk` and the IOMMU group listing, or a bundle from `vfio-doctor collect`';

/** Decode bytes: UTF-8 (BOM stripped) or UTF-16 with a BOM; binary data is refused. */
export function decodeInput(buf: Buffer, name: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const sample = text.slice(0, 65536);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27)) bad++;
  }
  if (sample.length > 0 && bad / sample.length > 0.1) throw new UsageError(`${name} looks like binary data, not text; ${WHAT_TO_PASTE}`);
  return text;
}

export function readInput(file: string, stdin: () => Buffer): { text: string; name: string } {
  if (file === '-') return { text: decodeInput(stdin(), 'standard input'), name: '-' };
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`);
  }
  if (st.isDirectory()) throw new UsageError(`${file} is a directory; give a text file, or use --root ${file} for a sysroot`);
  try {
    return { text: decodeInput(readFileSync(file), file), name: file };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
