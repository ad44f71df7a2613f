// A fix as blocks: the one wording of every step kind, shared by the text report, Markdown and the chat.
import { libvirtHostdevs } from '../vm/generate';
import type { Fix, FixStep } from '../schema/fix';
import { type Block, type Span, span } from './blocks';
import { safeFix } from './safe-report';
import { tr } from '../i18n/lang';
import { shellWord } from '../text/shell-word';

/** "The new command line…" → "the new command line…" after a dash; names like "vfio-pci" or "GRUB" stay as they are. */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export function commandLine(argv: string[], root = true): string {
  return `${root ? 'sudo ' : ''}${argv.map(shellWord).join(' ')}`;
}

/** The file an edit step changes, when its description does not already name it (every output shows it then). */
export function unnamedPath(step: Extract<FixStep, { kind: 'edit' }>): string | undefined {
  return step.description.includes(step.path) ? undefined : step.path;
}

/** What a fix variant is for and what it entails, for its heading: "GRUB, rebuilds the initramfs, needs a reboot". */
export function fixTags(fix: Fix): string[] {
  return [fix.variant, fix.needsInitramfs ? tr('rebuilds the initramfs', '需重新生成 initramfs') : undefined, fix.needsReboot ? tr('needs a reboot', '需要重启') : undefined].filter((x): x is string => !!x);
}

/** One step: a paragraph saying what to do, then the diff, file content or command it carries. */
export function stepBlocks(step: FixStep): Block[] {
  const p = (...text: Span[]): Block => ({ kind: 'paragraph', text });
  switch (step.kind) {
    case 'edit': {
      if (step.noop) return [p(span(tr(`${step.description} — already done.`, `${step.description}（已完成）`), 'dim'))];
      const path = unnamedPath(step);
      const text = [span(step.description)];
      if (path) text.push(span(tr(' (', '（')), span(path, 'path'), span(tr(')', '）')));
      if (step.mode) text.push(span(tr(`, mode ${step.mode}`, `，权限 ${step.mode}`)));
      if (step.diff || step.content) text.push(span(tr(':', '：')));
      const out = [p(...text)];
      if (step.diff) out.push({ kind: 'diff', text: span(step.diff).text });
      else if (step.content) out.push({ kind: 'file', content: span(step.content.replace(/\n$/, '')).text });
      return out;
    }
    case 'command':
      return [p(span(`${step.description}${tr(':', '：')}`)), { kind: 'command', line: span(commandLine(step.argv, step.root)).text }];
    case 'domain':
      // A libvirt definition is changed through libvirt, never by editing /etc/libvirt/qemu behind its back.
      return [
        p(
          span(`${step.description}${tr('. ', '。')}`),
          span('--apply', 'code'),
          span(
            tr(
              ` changes it through libvirt: it saves the definition of ${step.domain} (virsh dumpxml), edits a copy, checks it (virt-xml-validate) and loads it (virsh define); undo loads the saved one. By hand:`,
              ` 通过 libvirt 修改它：先保存 ${step.domain} 的定义（virsh dumpxml），改一份副本，检查（virt-xml-validate）后加载（virsh define）；撤销时加载保存的那份。手动操作：`,
            ),
          ),
        ),
        { kind: 'command', line: span(commandLine(['virsh', 'edit', step.domain], true)).text },
        // The elements themselves, for the hand edit (and so a reader sees exactly what the definition will hold).
        ...(step.op.type === 'replace-hostdevs'
          ? [p(span(tr("and replace the card's <hostdev> elements with:", '并把显卡的 <hostdev> 元素换成：'))), { kind: 'file' as const, content: span(libvirtHostdevs({ bdfs: step.op.bdfs, guest: step.op.guest })).text }]
          : []),
      ];
    case 'reboot':
      return [p(span(tr('Reboot', '重启'), 'strong'), span(tr(` — ${lowerFirst(step.description)}`, `：${step.description}`)))];
    case 'manual':
      return [p(span(step.description))];
    case 'verify': {
      const out = [p(span(tr('Check: ', '检查'), 'strong'), ...(tr('', '：') ? [span('：')] : []), span(step.description))];
      const expect = step.expect === undefined ? {} : { expect: span(step.expect).text };
      if (step.argv) out.push({ kind: 'command', line: span(commandLine(step.argv, step.root === true)).text, ...expect });
      else if (step.expect !== undefined) out.push(p(span(tr(`expect: ${step.expect}`, `应显示：${step.expect}`), 'dim')));
      return out;
    }
    default: {
      // A step of a kind this version does not know (a newer or hand-edited report): its words, nothing more.
      const d = (step as { description?: unknown }).description;
      return typeof d === 'string' ? [p(span(d))] : [];
    }
  }
}

/** What a step says, in one line for a list of steps (the chat's answers): its paragraph without a closing colon. */
export function stepSummary(step: FixStep): Span[] {
  const [first] = stepBlocks(step);
  if (first?.kind !== 'paragraph') return [];
  const last = first.text.at(-1);
  return last?.text === ':' || last?.text === '：' ? first.text.slice(0, -1) : last?.text.endsWith(':') || last?.text.endsWith('：') ? [...first.text.slice(0, -1), { ...last, text: last.text.slice(0, -1) }] : first.text;
}

/** A whole fix: its heading (title and what it entails), its id, its warnings, then its numbered steps. */
export function fixBlocks(plan: Fix): Block[] {
  // Paths and lines in a plan can come from the host: every field is escaped first, one-line fields on one line.
  const fix = safeFix(plan);
  const tags = fixTags(fix).join(tr(', ', '、'));
  return [
    { kind: 'heading', level: 4, text: [span(tr(`Fix: ${fix.title}`, `修复方案：${fix.title}`), 'strong'), ...(tags ? [span(tr(` (${tags})`, `（${tags}）`))] : [])] },
    { kind: 'paragraph', text: [span(tr('fix id: ', '修复方案 ID：'), 'dim'), span(fix.id, 'code')] },
    ...fix.warnings.map((w): Block => ({ kind: 'paragraph', role: 'warning', text: [span(w)] })),
    { kind: 'list', ordered: true, items: fix.steps.map(stepBlocks) },
  ];
}
