// Chat messages that do not depend on a finding: help, the rule catalogue, answers to questions, collection summary.
import type { Report } from '../../schema/report';
import type { RuleMeta } from '../../engine/rule';
import type { ProgressEvent } from '../../collect/types';
import type { Answer } from '../../knowledge/answer';
import { SUGGESTIONS } from '../../knowledge/answer';
import { seg, para, wrapSegs, type Line } from '../lines';
import { SEVERITY } from './findings';
import { recommendedFix } from '../../engine/recommended';
import { stepSummary } from '../../render/fix-blocks';
import { plain } from '../../render/blocks';

const COMMANDS: [string, string][] = [
  ['fix N', 'the fix plan for finding N: exact file diffs, commands, reboot, how to check (fix N.2 for another variant)'],
  ['apply N', ''],
  ['why N', 'the full explanation and all the evidence for finding N'],
  ['findings', 'list the findings again'],
  ['groups', 'the IOMMU groups, with the target GPU\'s group marked'],
  ['devices', 'the PCI devices with drivers and groups'],
  ['gpu BDF', 'choose the GPU to pass through, e.g. gpu 05:00.0 (gpu alone lists them; gpu auto to infer)'],
  ['paste', 'paste output from any machine (a bundle, dmesg, lspci -nnk, groups…); end with a line with only . or Ctrl-D'],
  ['export json|markdown [FILE]', 'write the report to a file (markdown is forum-ready)'],
  ['vm [FORMAT]', 'what to add to a VM for the target GPU and its group: vm libvirt (with virsh attach-device usage), vm proxmox, vm qemu, vm virt-install; vm alone gives all'],
  ['rules', 'every check vfio-doctor knows'],
  ['more', 'the next page of a long table'],
  ['quit', 'leave (also exit, Ctrl-C, or Ctrl-D on an empty line)'],
];

/** What this session is looking at, which decides what apply and undo can do. */
export type SessionKind = 'live' | 'sysroot' | 'bundle' | undefined;

const APPLY: Record<'live' | 'sysroot' | 'bundle' | 'none', string> = {
  live: "apply finding N's fix on this host: shows the plan, asks, backs up every file it changes",
  sysroot: "apply finding N's fix to the sysroot: shows the plan, asks, backs up every file it changes",
  bundle: 'the steps to run yourself on the machine this report is from (nothing here is changed)',
  none: 'the steps to copy and run yourself',
};

export function helpLines(w: number, session: SessionKind = undefined, canApply = false): Line[] {
  const kind = canApply && session ? session : session === 'bundle' ? 'bundle' : 'none';
  const where = session === 'live' ? 'this host (live)' : session === 'sysroot' ? 'a sysroot' : session === 'bundle' ? 'pasted text or a bundle from another machine' : undefined;
  const out: Line[] = [[seg('Commands', 'bold'), ...(where ? [seg(` — this session looks at ${where}`, 'dim')] : [])]];
  const col = w >= 70 ? 30 : 0;
  const rows: [string, string][] = COMMANDS.flatMap(([c, d]): [string, string][] =>
    c === 'apply N' ? [[c, APPLY[kind]], ...(kind === 'live' || kind === 'sysroot' ? [['undo', 'restore the files the last applied fix changed'] as [string, string]] : [])] : [[c, d]],
  );
  for (const [c, d] of rows) {
    if (col) {
      const desc = wrapSegs([seg(d)], w - col, '');
      desc.forEach((l, i) => out.push([i === 0 ? seg(`  ${c.padEnd(col - 2)}`, 'cmd') : seg(' '.repeat(col)), ...l]));
    }
    else out.push([seg(`  ${c}`, 'cmd')], ...para(d, w, '      '));
  }
  out.push([]);
  out.push(...para('Anything else is a question, e.g. "why is my GPU in the same group as my SATA controller?" or "what does iommu=pt do?". Up/down recall earlier commands.', w));
  return out;
}

export function rulesLines(rules: readonly RuleMeta[], r: Report | undefined, w: number): Line[] {
  const fired = new Map((r?.findings ?? []).map((f) => [f.id, f.severity] as const));
  const out: Line[] = [[seg(`Rules (${rules.length})`, 'bold'), seg(r ? ' — ✖/▲/ℹ marks the ones that fired here' : '', 'dim')]];
  for (const m of rules) {
    const sev = SEVERITY[fired.get(m.id) ?? m.severity];
    const mark = fired.has(m.id) ? sev.mark.slice(0, 1) : ' ';
    out.push(...wrapSegs([seg(`${mark} `, fired.has(m.id) ? sev.tone : undefined), seg(m.id, 'bold'), seg(` — ${m.title}`), seg(` (${m.severity})`, 'dim')], w, '    '));
  }
  return out;
}

export function answerLines(a: Answer, w: number): Line[] {
  if (!a.matched) {
    return [
      ...para("I don't have an answer for that one.", w),
      ...para('You could ask, for example:', w),
      ...SUGGESTIONS.slice(0, 4).flatMap((s) => wrapSegs([seg('  • '), seg(`“${s}”`)], w, '    ')),
      ...wrapSegs([seg('Or type '), seg('help', 'cmd'), seg(' for the commands, or '), seg('paste', 'cmd'), seg(' output from the machine (lspci -nnk, dmesg, the IOMMU groups) so I can look at it.')], w, ''),
    ];
  }
  const out: Line[] = [[seg(a.title ?? '', 'heading')]];
  if (a.hostFacts.length) {
    out.push([seg('On this host:', 'bold')]);
    for (const f of a.hostFacts) out.push(...wrapSegs([seg('  • '), seg(f)], w, '    '));
  }
  for (const p of a.body) {
    out.push([]);
    out.push(...para(p, w));
  }
  if (a.findings.length) {
    out.push([]);
    out.push([seg('What you can do here:', 'bold')]);
    for (const { n, finding } of a.findings) {
      const fix = recommendedFix(finding);
      out.push(...wrapSegs([seg(`  [${n}] `, 'bold'), seg(finding.title)], w, '      '));
      const steps = (fix?.steps ?? []).filter((s) => s.kind !== 'verify').slice(0, 5);
      // Each step's own words (render/fix-blocks.ts), without what it carries (diff, command) or the colon before it.
      for (const s of steps) out.push(...wrapSegs([seg('    – '), seg(plain(stepSummary(s)))], w, '      '));
      out.push([seg('    → ', 'dim'), seg(`fix ${n}`, 'cmd'), seg(' for the exact plan, ', 'dim'), seg(`why ${n}`, 'cmd'), seg(' for the evidence', 'dim')]);
    }
  }
  if (a.seeAlso.length) {
    out.push([]);
    out.push(...wrapSegs([seg('Related: ', 'dim'), seg(a.seeAlso.map((t) => `“${t}”`).join(', '), 'dim')], w, '  '));
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
  if (done.length) out.push(...wrapSegs([seg('✓ ', 'ok'), seg(`Read ${done.length} source${done.length === 1 ? '' : 's'}: `), seg(done.map((e) => e.label).join(', '), 'dim')], w, '  '));
  for (const e of failed) out.push(...wrapSegs([seg('✗ ', 'error'), seg(`${e.label}: `), seg(e.detail ?? (e.status === 'started' ? 'did not finish' : 'could not be read'))], w, '  '));
  for (const e of skipped) out.push(...wrapSegs([seg('– ', 'dim'), seg(`${e.label}: `, 'dim'), seg(e.detail ?? 'skipped', 'dim')], w, '  '));
  return out;
}
