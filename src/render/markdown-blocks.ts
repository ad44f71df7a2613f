// Blocks → Markdown (CommonMark/GFM) for forum posts: fenced diffs and files inside their list item, evidence folded.
import type { Block, Span } from './blocks';
import { tr } from '../i18n/lang';

/** The severity marks, in the run's language (a function: the language is set after this module loads). */
const ICON = () => ({ error: tr('❌ error', '❌ 错误'), warning: tr('⚠️ warning', '⚠️ 警告'), info: tr('ℹ️ info', 'ℹ️ 提示') });

/** A code block no line of `body` can close: the fence is longer than any fence-like run in it (CommonMark allows
 * a closing fence indented by up to three spaces, so a diff's context line " ```" counts). */
export function fence(body: string, lang = ''): string {
  let run = 2;
  for (const m of body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) run = Math.max(run, m[1]!.length);
  const ticks = '`'.repeat(run + 1);
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

/** Inline code that a backtick inside cannot end: the delimiter is longer than any backtick run in it. */
export function code(s: string): string {
  const run = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(run + 1);
  return run ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`;
}

/**
 * Prose as CommonMark reads it back literally: `<hostdev>` or `<driver>` would be raw HTML (hidden by forums), a
 * `*` or a word-edge `_` could start emphasis, `&lt;` an entity. Intraword underscores (GRUB_CMDLINE_LINUX) cannot.
 */
export function escapeProse(t: string): string {
  return t
    .replace(/[\\*<`]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (m) => m.replace('_', '\\_'));
}

export function inline(text: Span[], heading = false): string {
  return text
    .map((s) => {
      if (s.tone === 'code' || s.tone === 'path') return code(s.text);
      if (s.tone === 'strong' && !heading) return `**${escapeProse(s.text.trim())}**${s.text.endsWith(' ') ? ' ' : ''}`;
      return escapeProse(s.text);
    })
    .join('');
}

const indentBy = (text: string, pad: string) => text.split('\n').map((l) => (l ? pad + l : l)).join('\n');

/** One list item: "1. what to do", a command on the same line, a diff or file fenced and indented under it. */
function item(blocks: Block[], marker: string): string[] {
  const pad = ' '.repeat(marker.length + 1);
  let head = `${marker} `;
  const after: string[] = [];
  for (const [i, b] of blocks.entries()) {
    if (i === 0 && b.kind === 'paragraph') {
      // A step whose words carry verbatim lines (XML to paste, a config block): the first line heads the item,
      // the rest is fenced under it, as the terminal shows it line by line.
      const [first, ...rest] = inline(b.text).split('\n');
      head += first;
      if (rest.length) after.push('', indentBy(fence(b.text.map((x) => x.text).join('').split('\n').slice(1).join('\n')), pad), '');
    }
    else if (b.kind === 'command' && !after.length) {
      head += `${/[:：]$/.test(head) ? '' : ' —'} ${code(b.line)}${b.expect !== undefined ? tr(` (expect ${code(b.expect)})`, `（应显示 ${code(b.expect)}）`) : ''}`;
    } else after.push('', indentBy(blockMarkdown(b).join('\n').replace(/\n+$/, ''), pad), '');
  }
  return [head, ...after];
}

export function blockMarkdown(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return b.level === 3
        ? [`### ${b.pending ? tr('🔄 Applied — pending reboot', '🔄 已应用——等待重启') : (ICON()[b.severity ?? 'info'] ?? String(b.severity))}${tr(': ', '：')}${inline(b.text, true)}${tr(' (', '（')}${code(b.ruleId ?? '')}${tr(')', '）')}`, '']
        : [inline(b.text), ''];
    case 'paragraph':
      return [b.role === 'warning' ? `> ⚠️ ${inline(b.text)}` : inline(b.text), ''];
    case 'evidence':
      return b.items.length
        ? [`<details><summary>${tr('Evidence', '依据')}</summary>`, '', fence(b.items.map((e) => `${e.source}${e.line ? `:${e.line}` : ''}: ${e.text}`).join('\n')), '', '</details>', '']
        : [];
    case 'diff':
      return [fence(b.text, 'diff'), ''];
    case 'file':
      return [fence(b.content, 'sh'), ''];
    case 'command':
      return [`${code(b.line)}${b.expect !== undefined ? tr(` (expect ${code(b.expect)})`, `（应显示 ${code(b.expect)}）`) : ''}`, ''];
    case 'list': {
      const lines = b.items.flatMap((it, i) => item(it, b.ordered ? `${i + 1}.` : '-'));
      // A blank line after a fenced block already separates items; never two in a row.
      return [...lines.filter((l, i) => !(l === '' && lines[i - 1] === '')), ''];
    }
    case 'table':
      return [`| ${b.head.join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${r.map((c) => inline(c).replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`), ''];
    case 'link':
      return [b.text ? `[${b.text}](${b.url})` : `<${b.url}>`, ''];
    case 'details':
      return [`<details><summary>${b.summary}</summary>`, '', ...blocksToMarkdown(b.blocks), '</details>', ''];
  }
}

/** Markdown lines, each block followed by a blank line. */
export function blocksToMarkdown(blocks: Block[]): string[] {
  return blocks.flatMap(blockMarkdown);
}
