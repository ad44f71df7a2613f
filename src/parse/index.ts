// RawSource[] → a facts sink: sniff every source into blocks, run each block's parser, keep what nobody understood.
import type { RawSource } from '../schema/raw-source';
import type { FactsSink } from '../schema/facts-sink';
import { evidenceOf, MAX_LINE, type Line } from './line';
import { sniff } from './detect';
import { PARSERS } from './registry';
import { pathOfSource } from './source-kind';
import { noteOtherCmdlines } from './cmdline';
import { laneLines, logLaneTuning, laneLimits } from './log-lane';
import { readProse } from './prose-config';
import { readMentions } from './prose-mentions';
import { readStatedParams } from './prose-params';
import { reviewLogScope } from './log-scope';
import { tr } from '../i18n/lang';

/** From this many lines left out on, the report says so (evidence line numbers then jump, and repeats are folded). */
const BIG_LOG_LINES = 10000;
const skippedNote = (dropped: number, folded: number) =>
  tr(
    `A big kernel log: ${thousands(dropped)} routine kernel messages that no check reads were skipped` +
      (folded ? `, and ${thousands(folded)} repeats folded (each repeated message keeps its first three and its last lines).` : '.'),
    `内核日志很大：跳过了 ${thousands(dropped)} 条没有任何检查会读的常规内核消息` +
      (folded ? `，并折叠了 ${thousands(folded)} 条重复消息（每条重复的消息保留前三条和最后一条）。` : '。'),
  );

// Not toLocaleString: loading the locale data costs a short run ~80 ms.
const thousands = (n: number) => String(n).replace(/\B(?=(?:\d{3})+$)/g, ',');
const cappedNote = (n: number) =>
  tr(
    `${thousands(n)} line${n === 1 ? ' was' : 's were'} longer than ${thousands(MAX_LINE)} characters: read only up to there (evidence shows ${n === 1 ? 'it' : 'them'} whole).`,
    `有 ${thousands(n)} 行超过 ${thousands(MAX_LINE)} 个字符：只读到这个长度为止（依据中显示完整的行）。`,
  );

const otherNote = (n: number) =>
  tr(
    `${thousands(n)} blank, repeated or unrecognised line${n === 1 ? ' was' : 's were'} counted, not read: only the first of a run of blank lines, the first three of a line repeated, and (past ${thousands(laneLimits.softLines)} lines) only lines some check reads are kept.`,
    `有 ${thousands(n)} 行空行、重复行或无法识别的行只计数、未读取：连续空行只保留第一行，重复的行只保留前三行；超过 ${thousands(laneLimits.softLines)} 行之后，只保留有检查会读的行。`,
  );

const olderNote = (n: number, path: string) =>
  tr(
    `${path} is bigger than 256 MB: its newest 256 MB were read, its ${thousands(n)} older line${n === 1 ? ' was' : 's were'} not (the report is of its latest boots; evidence keeps the lines' numbers in the file).`,
    `${path} 超过 256 MB：只读取了最新的 256 MB，其余 ${thousands(n)} 行较早的内容未读取（报告针对最近几次启动；依据中的行号仍是文件中的行号）。`,
  );

// Configuration files whose exact text fixes need for diffs (module lists and other files keep theirs already).
const KEEP_TEXT = new Set(['grub', 'modprobe', 'kernel-cmdline-file']);

/**
 * Read every source into the sink. `structured` takes a source whose collector already read it into records (the
 * facts side does that) and says whether it did; the caller then finishes the sink (see src/facts/from-sources.ts).
 */
export function readSources(sources: RawSource[], b: FactsSink, structured: (src: RawSource, b: FactsSink) => boolean): void {
  const seen = new Map<string, Line[]>();
  for (const src of sources) {
    // What the collector read of /sys goes straight into the facts (the same ones its lines would give).
    if (src.structured && structured(src, b)) continue;
    // A big paste or log: only the lines that can matter are read (the others are plain kernel messages nobody reads).
    const lane = src.lineNos
      ? { lines: src.lineNos.length ? src.text.split('\n') : [], nos: src.lineNos }
      : !src.kind || src.kind === 'auto'
        ? laneLines(src.text)
        : src.kind === 'kernel-log'
          ? laneLines(src.text, logLaneTuning.collectedMinBytes) // a collected log: only its lines that can matter
          : undefined;
    const sn = sniff(src.text, src.source, src.kind ?? 'auto', 1, lane);
    const skipped = src.lineNos ? src.skipped : lane && 'dropped' in lane ? lane : undefined;
    if (skipped && skipped.dropped + skipped.folded >= BIG_LOG_LINES) b.note(skippedNote(skipped.dropped, skipped.folded));
    if (sn.capped) b.note(cappedNote(sn.capped));
    if (skipped && 'other' in skipped && skipped.other) b.note(otherNote(skipped.other));
    if (skipped && 'older' in skipped && skipped.older) b.note(olderNote(skipped.older, pathOfSource(src.source) ?? src.source));
    // What prose names (the CPU, a laptop, a paraphrased log message) is kept as mentions, weaker than output.
    readMentions(sn.unparsed, b);
    readStatedParams(sn.unparsed, b);
    // Settings and log lines quoted in prose are read; the lines they came from are then understood.
    for (const l of readProse(sn.unparsed, b)) {
      // Only a sample of unparsed lines is kept (their evidence is made for those only); the rest are counted.
      if (b.facts.unparsed.sample.length < 20) b.unparsed(evidenceOf(l));
      else b.facts.unparsed.count++;
      // Prose is not parsed, but a symptom the user names in it is worth knowing.
      if (!b.facts.mentions.code43 && /\bcode\s*43\b/i.test(l.text)) b.facts.mentions.code43 = evidenceOf(l);
    }
    const completeBefore = b.facts.kernelLogComplete;
    for (const block of sn.blocks) {
      // The same output pasted twice (same command, same lines) says nothing new: parse it once.
      const key = `${block.kind}\u0000${block.source ?? ''}\u0000${block.lines.length}\u0000${block.lines[0]?.text}\u0000${block.lines.at(-1)?.text}`;
      if (seen.get(key)?.every((l, i) => l.text === block.lines[i]!.text)) continue;
      seen.set(key, block.lines);
      let bad;
      try {
        bad = PARSERS[block.kind].parse(block.lines, b, block.source, block.stripped);
      } catch {
        // A parser bug must not lose the user's lines: count them as unparsed.
        bad = block.lines;
      }
      for (const l of bad) {
        if (b.facts.unparsed.sample.length < 20) b.unparsed(evidenceOf(l));
        else b.facts.unparsed.count++;
      }
      const path = block.source ? pathOfSource(block.source) : undefined;
      if (path && KEEP_TEXT.has(block.kind) && !b.facts.configFiles.some((c) => c.path === path)) {
        // A whole file (collected, or `cat FILE` in a paste): keep its text so fixes can show an exact diff.
        const text = block.source === src.source && src.kind ? src.text : block.lines.map((l) => l.full ?? l.text).join('\n') + '\n';
        b.facts.configFiles.push({ path, content: text });
      }
    }
    // A pasted log's scope (grep, "[...]", a few lines from boot) decides what its missing lines prove.
    if (!src.kind || src.kind === 'auto') reviewLogScope(sn.blocks, sn.unparsed, b, completeBefore);
  }
  noteOtherCmdlines(b);
}
