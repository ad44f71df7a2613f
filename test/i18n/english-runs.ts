// English left in text meant to be Chinese: runs of three or more plain English words outside code, paths, parameters,
// quotes and the data a run reads from the host (device and class names), for the engine's zh tests.

const CJK_OR_FULLWIDTH = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef—]+/g;
/** A word as prose writes it: letters only, at most a capital first (acronyms like IOMMU, GRUB, PCI are names). */
const PLAIN = /^[(["']?[A-Za-z][a-z]*['’]?[a-z]*[)\]"',.;:!?]*$/;

/**
 * The English runs (3+ plain words in a row) left in `text`. Backticked code, "quoted" text (log lines, file lines),
 * <tags>, indented lines (code blocks in manual steps) and every string in `keep` (device names read from the host)
 * are taken out first; CJK characters and full-width punctuation end a run.
 */
export function englishRuns(text: string, keep: readonly string[] = []): string[] {
  let t = text;
  for (const k of [...keep].filter(Boolean).sort((a, b) => b.length - a.length)) t = t.split(k).join(' § ');
  t = t
    .split('\n')
    .filter((l) => !/^\s/.test(l))
    .join('\n')
    .replace(/`[^`\n]*`/g, ' § ')
    .replace(/"[^"\n]*"/g, ' § ')
    .replace(/“[^”\n]*”/g, ' § ')
    .replace(/<[^<>\n]*>/g, ' § ')
    .replace(CJK_OR_FULLWIDTH, '\n');
  const runs: string[] = [];
  for (const line of t.split('\n')) {
    let cur: string[] = [];
    const flush = () => {
      if (cur.length >= 3) runs.push(cur.join(' '));
      cur = [];
    };
    for (const tok of line.split(/\s+/).filter(Boolean)) {
      if (PLAIN.test(tok)) cur.push(tok);
      else flush();
    }
    flush();
  }
  return runs;
}

/** Whether text has Chinese in it. */
export const hasChinese = (s: string): boolean => /[\u3400-\u4dbf\u4e00-\u9fff]/.test(s);
