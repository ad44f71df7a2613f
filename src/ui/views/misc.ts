// Chat messages that do not depend on a finding: help, the rule catalogue, answers to questions, collection summary.
import type { Report } from '../../schema/report';
import type { RuleMeta } from '../../engine/rule';
import type { ProgressEvent } from '../../collect/types';
import type { Answer } from '../../knowledge/answer';
import { SUGGESTIONS, SUGGESTIONS_ZH } from '../../knowledge/answer';
import { seg, para, wrapSegs, type Line } from '../lines';
import { SEVERITY } from './findings';
import { recommendedFix } from '../../engine/recommended';
import { stepSummary } from '../../render/fix-blocks';
import { plain } from '../../render/blocks';
import { titleOf } from '../../engine/rule';
import { getLang, tr, trN } from '../../i18n/lang';

/** The commands and what they do, in the session's language (the command words are the same in both). */
const commands = (): [string, string][] => [
  ['fix N', tr('the fix plan for finding N: exact file diffs, commands, reboot, how to check (fix N.2 for another variant)', '问题 N 的修复方案：确切的文件差异、命令、重启、如何验证（fix N.2 看另一种方案；也可以输入 修复 N）')],
  ['apply N', ''],
  ['why N', tr('the full explanation and all the evidence for finding N', '问题 N 的完整说明和全部依据（也可以输入 为什么 N）')],
  ['findings', tr('list the findings again', '再次列出发现的问题')],
  ['groups', tr('the IOMMU groups, with the target GPU\'s group marked', 'IOMMU 组，标出目标显卡所在的组')],
  ['devices', tr('the PCI devices with drivers and groups', 'PCI 设备及其驱动和分组')],
  ['gpu BDF', tr('choose the GPU to pass through, e.g. gpu 05:00.0 (gpu alone lists them; gpu auto to infer)', '选择要直通的显卡，例如 gpu 05:00.0（只输入 gpu 列出显卡；gpu auto 自动推断）')],
  ['paste', tr('paste output from any machine (a bundle, dmesg, lspci -nnk, groups…); end with a line with only . or Ctrl-D', '粘贴任意机器的输出（诊断包、dmesg、lspci -nnk、分组……）；以只有 . 的一行或 Ctrl-D 结束')],
  ['export json|markdown [FILE]', tr('write the report to a file (markdown is forum-ready)', '把报告写入文件（markdown 可直接发论坛）')],
  ['vm [FORMAT]', tr('what to add to a VM for the target GPU and its group: vm libvirt (with virsh attach-device usage), vm proxmox, vm qemu, vm virt-install; vm alone gives all', '给虚拟机添加目标显卡及其组所需的配置：vm libvirt（附 virsh attach-device 用法）、vm proxmox、vm qemu、vm virt-install；只输入 vm 给出全部')],
  ['rules', tr('every check vfio-doctor knows', 'vfio-doctor 的全部检查项')],
  ['more', tr('the next page of a long table', '长表格的下一页')],
  ['quit', tr('leave (also exit, Ctrl-C, or Ctrl-D on an empty line)', '退出（也可以用 exit、Ctrl-C，或在空行按 Ctrl-D）')],
];

/** What this session is looking at, which decides what apply and undo can do. */
export type SessionKind = 'live' | 'sysroot' | 'bundle' | undefined;

const applyText = (kind: 'live' | 'sysroot' | 'bundle' | 'none'): string =>
  ({
    live: tr("apply finding N's fix on this host: shows the plan, asks, backs up every file it changes", '在这台宿主机上应用问题 N 的修复：先展示方案、征得同意，改动的每个文件都会备份'),
    sysroot: tr("apply finding N's fix to the sysroot: shows the plan, asks, backs up every file it changes", '把问题 N 的修复应用到 sysroot：先展示方案、征得同意，改动的每个文件都会备份'),
    bundle: tr('the steps to run yourself on the machine this report is from (nothing here is changed)', '列出要在报告来源那台机器上自己执行的步骤（这里不做任何修改）'),
    none: tr('the steps to copy and run yourself', '列出要复制下来自己执行的步骤'),
  })[kind];

export function helpLines(w: number, session: SessionKind = undefined, canApply = false): Line[] {
  const kind = canApply && session ? session : session === 'bundle' ? 'bundle' : 'none';
  const where = session === 'live' ? tr('this host (live)', '这台宿主机（实时）') : session === 'sysroot' ? tr('a sysroot', '一个 sysroot') : session === 'bundle' ? tr('pasted text or a bundle from another machine', '粘贴的文本或另一台机器的诊断包') : undefined;
  const out: Line[] = [[seg(tr('Commands', '命令'), 'bold'), ...(where ? [seg(tr(` — this session looks at ${where}`, `——本次会话查看的是${where}`), 'dim')] : [])]];
  const col = w >= 70 ? 30 : 0;
  const rows: [string, string][] = commands().flatMap(([c, d]): [string, string][] =>
    c === 'apply N' ? [[c, applyText(kind)], ...(kind === 'live' || kind === 'sysroot' ? [['undo', tr('restore the files the last applied fix changed', '恢复上一次应用的修复改动过的文件')] as [string, string]] : [])] : [[c, d]],
  );
  for (const [c, d] of rows) {
    if (col) {
      const desc = wrapSegs([seg(d)], w - col, '');
      desc.forEach((l, i) => out.push([i === 0 ? seg(`  ${c.padEnd(col - 2)}`, 'cmd') : seg(' '.repeat(col)), ...l]));
    }
    else out.push([seg(`  ${c}`, 'cmd')], ...para(d, w, '      '));
  }
  out.push([]);
  out.push(
    ...para(
      tr(
        'Anything else is a question, e.g. "why is my GPU in the same group as my SATA controller?" or "what does iommu=pt do?". Up/down recall earlier commands.',
        '其他输入都当作问题，例如"为什么我的显卡和 SATA 控制器在同一个 IOMMU 组？"或"iommu=pt 有什么用？"。中文或英文提问都可以。上/下方向键翻看之前的命令。',
      ),
      w,
    ),
  );
  return out;
}

export function rulesLines(rules: readonly RuleMeta[], r: Report | undefined, w: number): Line[] {
  const fired = new Map((r?.findings ?? []).map((f) => [f.id, f.severity] as const));
  const out: Line[] = [[seg(tr(`Rules (${rules.length})`, `规则（${rules.length} 条）`), 'bold'), seg(r ? tr(' — ✖/▲/ℹ marks the ones that fired here', '——✖/▲/ℹ 标出这里触发的规则') : '', 'dim')]];
  for (const m of rules) {
    const sev = SEVERITY[fired.get(m.id) ?? m.severity];
    const mark = fired.has(m.id) ? sev.mark.slice(0, 1) : ' ';
    out.push(...wrapSegs([seg(`${mark} `, fired.has(m.id) ? sev.tone : undefined), seg(m.id, 'bold'), seg(` — ${titleOf(m)}`), seg(` (${m.severity})`, 'dim')], w, '    '));
  }
  return out;
}

/**
 * Under a question nothing answered: the host's own problems, each with its why and fix (what a question like "why
 * doesn't my GPU work?" is most likely about); nothing when there are none.
 */
function problemLines(problems: Answer['findings'], w: number): Line[] {
  if (!problems.length) return [];
  const out = para(tr('What I found on this host:', '我在这台宿主机上发现：'), w);
  for (const { n, finding } of problems) {
    out.push(...wrapSegs([seg(`  [${n}] `, 'bold'), seg(finding.title)], w, '      '));
    out.push([seg('    → ', 'dim'), seg(`why ${n}`, 'cmd'), seg(' · ', 'dim'), seg(`fix ${n}`, 'cmd')]);
  }
  out.push([]);
  return out;
}

export function answerLines(a: Answer, w: number): Line[] {
  if (!a.matched) {
    return [
      ...para(tr("I don't have an answer for that one.", '这个问题我还答不上来。'), w),
      ...problemLines(a.findings, w),
      ...para(tr('You could ask, for example:', '你可以这样问，例如：'), w),
      ...(getLang() === 'zh' ? SUGGESTIONS_ZH : SUGGESTIONS).slice(0, 4).flatMap((s) => wrapSegs([seg('  • '), seg(`“${s}”`)], w, '    ')),
      ...wrapSegs([seg(tr('Or type ', '或者输入 ')), seg('help', 'cmd'), seg(tr(' for the commands, or ', ' 查看命令，或用 ')), seg('paste', 'cmd'), seg(tr(' output from the machine (lspci -nnk, dmesg, the IOMMU groups) so I can look at it.', ' 粘贴那台机器的输出（lspci -nnk、dmesg、IOMMU 组），让我看看。'))], w, ''),
    ];
  }
  const out: Line[] = [[seg(a.title ?? '', 'heading')]];
  if (a.hostFacts.length) {
    out.push([seg(tr('On this host:', '这台宿主机上：'), 'bold')]);
    for (const f of a.hostFacts) out.push(...wrapSegs([seg('  • '), seg(f)], w, '    '));
  }
  for (const p of a.body) {
    out.push([]);
    out.push(...para(p, w));
  }
  if (a.findings.length) {
    out.push([]);
    out.push([seg(tr('What you can do here:', '你可以这样做：'), 'bold')]);
    for (const { n, finding } of a.findings) {
      const fix = recommendedFix(finding);
      out.push(...wrapSegs([seg(`  [${n}] `, 'bold'), seg(finding.title)], w, '      '));
      const steps = (fix?.steps ?? []).filter((s) => s.kind !== 'verify').slice(0, 5);
      // Each step's own words (render/fix-blocks.ts), without what it carries (diff, command) or the colon before it.
      for (const s of steps) out.push(...wrapSegs([seg('    – '), seg(plain(stepSummary(s)))], w, '      '));
      out.push([seg('    → ', 'dim'), seg(`fix ${n}`, 'cmd'), seg(tr(' for the exact plan, ', ' 查看确切方案，'), 'dim'), seg(`why ${n}`, 'cmd'), seg(tr(' for the evidence', ' 查看依据'), 'dim')]);
    }
  }
  if (a.seeAlso.length) {
    out.push([]);
    out.push(...wrapSegs([seg(tr('Related: ', '相关：'), 'dim'), seg(a.seeAlso.map((t) => `“${t}”`).join(tr(', ', '、')), 'dim')], w, '  '));
  }
  return out;
}

export const PROGRESS_MARK: Record<ProgressEvent['status'], { mark: string; tone: 'ok' | 'error' | 'dim' | 'info' }> = {
  started: { mark: '…', tone: 'info' },
  done: { mark: '✓', tone: 'ok' },
  failed: { mark: '✗', tone: 'error' },
  skipped: { mark: '–', tone: 'dim' },
};

/** After collection: what was read, and what could not be, in a few lines. */
export function collectionLines(events: ProgressEvent[], w: number): Line[] {
  if (!events.length) return [];
  const done = events.filter((e) => e.status === 'done');
  const failed = events.filter((e) => e.status === 'failed' || e.status === 'started');
  const skipped = events.filter((e) => e.status === 'skipped');
  const out: Line[] = [];
  if (done.length) out.push(...wrapSegs([seg('✓ ', 'ok'), seg(trN(done.length, 'Read 1 source: ', `Read ${done.length} sources: `, `读取了 ${done.length} 个来源：`)), seg(done.map((e) => e.label).join(', '), 'dim')], w, '  '));
  for (const e of failed) out.push(...wrapSegs([seg('✗ ', 'error'), seg(`${e.label}: `), seg(e.detail ?? (e.status === 'started' ? tr('did not finish', '没有完成') : tr('could not be read', '无法读取')))], w, '  '));
  for (const e of skipped) out.push(...wrapSegs([seg('– ', 'dim'), seg(`${e.label}: `, 'dim'), seg(e.detail ?? tr('skipped', '已跳过'), 'dim')], w, '  '));
  return out;
}
