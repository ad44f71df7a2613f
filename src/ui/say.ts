// The assistant's words: a Reply (what the reducer decided to say) → transcript lines, and the status line's words.
import { answerQuestion, readmeParagraphs } from '../knowledge/answer';
import { deviceView, deviceViews } from '../knowledge/devices';
import { shortBdf } from '../pci/bdf';
import type { ChatConfig } from './types';
import type { ChatState, Current } from './chat-state';
import type { Reply } from './replies';
import { seg, para, wrapSegs, type Line } from './lines';
import { summaryLines, findingCard, whyLines, unableLines, summaryWords } from './views/findings';
import { fixPlanLines, applyFallbackLines, confirmLines } from './views/fix';
import { pageFooter } from './views/tables';
import { helpLines, rulesLines, answerLines, collectionLines } from './views/misc';
import { vmConfigLines } from './views/vm';
import { tableView, textWidth } from './pages';

export interface SayContext {
  config: Pick<ChatConfig, 'knowledge' | 'rules' | 'version' | 'intro' | 'verbose'>;
  /** The terminal's size when it is said. */
  columns: number;
  rows: number;
}

/** The lines of one reply; [] when there is nothing to show (no source was read, everything could be checked). */
export function replyLines(r: Reply, ctx: SayContext): Line[] {
  const w = textWidth(ctx.columns);
  switch (r.kind) {
    case 'echo':
      return wrapSegs([seg('› ', 'user'), seg(r.text, 'user')], w, '  ');
    case 'greeting':
      return [
        [seg(`vfio-doctor ${ctx.config.version}`, 'heading'), seg(' — GPU passthrough check-up', 'bold')],
        ...para("Hi! I look at a KVM host, tell you what stands between it and a working GPU passthrough, show you the proof, and walk you through the fix. I don't change anything unless you ask.", w),
        ...(ctx.config.intro ? para(ctx.config.intro, w) : []),
      ];
    case 'collection':
      return collectionLines(r.progress, w);
    case 'load-failed':
      return [
        ...wrapSegs([seg('✗ ', 'error'), seg(`I could not read the input: ${r.message}`)], w, '  '),
        ...wrapSegs([seg('You can still '), seg('paste', 'cmd'), seg(' output from the machine, or ask me a question.')], w, ''),
      ];
    case 'summary':
      return summaryLines(r.cur.report, r.cur.host, w);
    case 'finding':
      return findingCard(r.finding, r.n, r.report, w, r.numbers);
    case 'unable':
      return unableLines(r.report, w, ctx.config.verbose ?? false);
    case 'next-step':
      return wrapSegs(
        r.n > 0
          ? [seg('Type '), seg(`fix ${r.n}`, 'cmd'), seg(' to see how to fix it, '), seg(`why ${r.n}`, 'cmd'), seg(' for the details, or ask me anything. '), seg('help', 'cmd'), seg(' lists the commands.')]
          : [seg('Ask me anything about passthrough, look at the '), seg('groups', 'cmd'), seg(' or '), seg('devices', 'cmd'), seg(', or type '), seg('help', 'cmd'), seg('.')],
        w,
        '',
      );
    case 'bye':
      return [[seg('Bye — good luck with the passthrough.', 'dim')]];
    case 'help':
      return helpLines(w, r.session, r.canApply);
    case 'rules':
      return rulesLines(ctx.config.rules, r.report, w);
    case 'vm-config':
      return vmConfigLines(r.cur, r.format, w);
    case 'vm-bad-format':
      return para(`"${r.text}" is not a VM format I write: vm libvirt, vm proxmox, vm qemu or vm virt-install (vm alone gives all four).`, w);
    case 'answer':
      return answerLines(answerQuestion(r.question, ctx.config.knowledge, r.cur ? { report: r.cur.report, host: r.cur.host } : undefined), w);
    case 'went-wrong':
      return para(`Something went wrong: ${r.message}`, w, '', 'error');
    case 'no-report':
      return wrapSegs([seg('There is no report yet. '), seg('paste', 'cmd'), seg(' some output from the machine first.')], w, '');
    case 'no-findings':
      return para('There are no findings on this input, so there is nothing to fix. Ask me a question, or `paste` other output.', w);
    case 'which-finding':
      return wrapSegs([seg(`Which one? Give its number, e.g. `), seg(`${r.verb} 1`, 'cmd'), seg(` (1–${r.count}).`)], w, '');
    case 'no-such-finding':
      return para(`There is no finding ${r.n}; ${r.count === 1 ? `there is only finding ${r.numbers?.[0] ?? 1}` : `they are numbered ${numberList(r.numbers ?? Array.from({ length: r.count }, (_, i) => i + 1))}`}. \`findings\` lists them again.`, w);
    case 'fix-plan':
      return fixPlanLines(r.finding, r.n, r.variant, w);
    case 'no-fix-plan':
      return para(`[${r.n}] ${r.finding.title} has no fix plan: it explains something rather than asking for a change. \`why ${r.n}\` tells you more.`, w);
    case 'no-fix-to-apply':
      return para(`[${r.n}] ${r.finding.title} has no fix to apply.`, w);
    case 'apply-by-hand':
      return applyFallbackLines(r.finding, r.n, r.variant, w);
    case 'not-this-machine':
      return para(`This report comes from ${r.source.kind === 'bundle' ? 'pasted text' : 'another source'}, not this machine, so I won't change anything here. The steps to run on that machine:`, w);
    case 'confirm':
      return confirmLines(r.finding, r.n, r.fix, w);
    case 'walk-step':
      return wrapSegs([seg(`Step ${r.k} of ${r.total}: `, 'bold'), seg(`[${r.n}] ${r.finding.title}`), ...(r.finding.rootCause ? [seg(` (may clear once ${r.finding.rootCause} is fixed)`, 'dim')] : [])], w, '  ');
    case 'walk-next':
      return r.k < r.total
        ? wrapSegs([seg('When this one is done, type '), seg('next', 'cmd'), seg(` for step ${r.k + 1} of ${r.total}.`)], w, '')
        : wrapSegs([seg('That is the last one. After the changes (and a reboot if a step says so), run vfio-doctor again to check.')], w, '');
    case 'walk-done':
      return wrapSegs([seg(`That was all ${r.total} — `), seg('fix all', 'cmd'), seg(' starts again from the first, '), seg('findings', 'cmd'), seg(' lists them.')], w, '');
    case 'walk-nothing':
      return para('Nothing to fix here: no finding has a fix to walk through.', w);
    case 'confirm-undo':
      return wrapSegs([seg('Restore the files the last applied fix changed? ', 'bold'), seg('Type yes to go ahead, anything else to cancel.')], w, '  ');
    case 'undo-not-here':
      return para(
        r.source && r.source.kind === 'bundle'
          ? 'This report comes from pasted text or a bundle, so nothing was applied here to undo. On the machine that was changed: sudo vfio-doctor undo'
          : 'I cannot undo from this chat; run: sudo vfio-doctor undo (vfio-doctor undo --list shows what was applied).',
        w,
      );
    case 'undone':
      return [
        ...wrapSegs([seg(r.outcome.ok ? '✓ ' : '✗ ', r.outcome.ok ? 'ok' : 'error'), seg(r.outcome.ok ? 'Restored the files of the last change.' : 'Nothing was restored.')], w, '  '),
        ...r.outcome.lines.flatMap((l) => para(l, w, '  ')),
      ];
    case 'undo-failed':
      return para(`Undo failed: ${r.message}`, w, '', 'error');
    case 'cancelled':
      return para('Cancelled; nothing was changed.', w, '', 'dim');
    case 'applied':
      return [
        ...wrapSegs([seg(r.outcome.ok ? '✓ ' : '✗ ', r.outcome.ok ? 'ok' : 'error'), seg(r.outcome.ok ? `Applied ${r.fixId}.` : `Applying ${r.fixId} failed.`)], w, '  '),
        ...r.outcome.lines.flatMap((l) => para(l, w, '  ')),
      ];
    case 'apply-failed':
      return para(`Applying ${r.fixId} failed: ${r.message}`, w, '', 'error');
    case 'looking-again':
      return para('Looking at the host again after the change:', w, '', 'dim');
    case 'reread-failed':
      return para(`${r.fixId} was applied, but I could not read the host again: ${r.message}. Run vfio-doctor again to see where it stands.`, w, '', 'error');
    case 'why': {
      const md = ctx.config.knowledge.readme(r.finding.id);
      return whyLines(r.finding, r.n, r.report, w, md ? readmeParagraphs(md, /^Why it matters/i) : [], r.numbers);
    }
    case 'page': {
      const view = tableView(r.table, r.cur, ctx.columns, ctx.rows);
      const head = r.page === 0 ? view.head : [[seg(`${r.table === 'groups' ? 'IOMMU groups' : 'PCI devices'} (continued)`, 'bold')]];
      return [...head, ...view.pages[r.page]!, ...pageFooter(r.page, view.pages.length, r.table)];
    }
    case 'nothing-more':
      return para('Nothing more to show. `groups` and `devices` show long tables page by page.', w);
    case 'gpu-list': {
      const mark = r.cur.report.targets.perCandidate ? '▶ = a candidate, each checked as the target' : '▶ = the passthrough target';
      const first = displays(r.cur)[0]!;
      return [[seg(`GPUs in this input (${mark}):`, 'bold')], ...gpuList(r.cur, w), ...wrapSegs([seg('Choose one with '), seg(`gpu ${first.short}`, 'cmd'), seg(', or '), seg('gpu auto', 'cmd'), seg(' to let me infer it.')], w, '')];
    }
    case 'no-gpu-seen':
      return para('I see no GPU in this input.', w);
    case 'not-pci-address':
      return para(`"${r.text}" is not a PCI address. Write it like lspci does, e.g. gpu 01:00.0.`, w);
    case 'no-device-at':
      return [...para(`There is no device at ${shortBdf(r.bdf)} in this input.${displays(r.cur).length ? ' The GPUs are:' : ''}`, w), ...gpuList(r.cur, w)];
    case 'not-a-gpu': {
      const v = deviceView(r.cur.host, r.bdf);
      return [...para(`${v.short} is ${v.className.toLowerCase().startsWith('a') ? 'an' : 'a'} ${v.className}, not a GPU. The GPUs are:`, w), ...gpuList(r.cur, w)];
    }
    case 'target-changed': {
      const targets = r.cur.report.targets;
      const t = targets.gpus.map((b) => deviceView(r.cur.host, b));
      const before = summaryWords(r.before);
      if (targets.perCandidate)
        return wrapSegs([seg('No single target: ', 'bold'), seg(`each of ${t.map((d) => d.short).join(', ')} is checked as the target`), seg(` (${targets.reason})`, 'dim'), seg(`. Findings updated (before: ${before}).`, 'dim')], w, '  ');
      return wrapSegs(
        [seg('Target is now ', 'bold'), seg(t.map((d) => `${d.short}${d.name ? ` ${d.name}` : ''}`).join(', ') || 'none', 'bold'), seg(r.chosen ? '' : ` (inferred: ${targets.reason})`), seg(`. Findings updated (before: ${before}).`, 'dim')],
        w,
        '  ',
      );
    }
    case 'paste-prompt':
      return wrapSegs(
        r.auto
          ? [seg("That looks like output from a machine — I'll take it as a paste. ", 'bold'), seg('Paste the rest, then end with a line containing only '), seg('.', 'cmd'), seg(' or press '), seg('Ctrl-D', 'cmd'), seg('.')]
          : [
              seg('Paste now: ', 'bold'),
              seg('a bundle from `vfio-doctor collect`, or any of /proc/cmdline, dmesg, lspci -nnk, the IOMMU group listing, modprobe.d files. In one go or several. End with a line containing only '),
              seg('.', 'cmd'),
              seg(' or press '),
              seg('Ctrl-D', 'cmd'),
              seg('.'),
            ],
        w,
        '',
      );
    case 'nothing-pasted':
      return para('Nothing was pasted; still on the previous input.', w);
    case 'paste-unrecognised':
      return [
        ...para(`I couldn't recognise anything in those ${r.lines} line${r.lines === 1 ? '' : 's'}${r.kept ? ', so I stayed on the previous input' : ''}.`, w),
        ...para('Paste the output of `cat /proc/cmdline`, `sudo dmesg`, `lspci -nnk` and the IOMMU group listing, or a bundle from `vfio-doctor collect`.', w, '', 'dim'),
      ];
    case 'paste-taken':
      return wrapSegs([seg('✓ ', 'ok'), seg(`Got ${r.lines} pasted lines. `), seg('Switching to the pasted input', 'bold'), seg(' — everything below is about that machine, not this one.')], w, '  ');
    case 'export-which-format':
      return wrapSegs([seg('Say which format: '), seg('export json', 'cmd'), seg(' or '), seg('export markdown', 'cmd'), seg(', optionally followed by a file name.')], w, '');
    case 'exported':
      return wrapSegs(
        [
          seg('✓ ', 'ok'),
          seg(`Wrote the ${r.format === 'json' ? 'JSON' : 'Markdown'} report to `),
          seg(r.where, 'bold'),
          seg(` (${Math.max(1, Math.round(r.bytes / 1024))} KB).`),
          seg(r.format === 'markdown' ? ' It is ready to paste into a forum post.' : '', 'dim'),
        ],
        w,
        '  ',
      );
    case 'export-failed':
      return wrapSegs([seg('✗ ', 'error'), seg(`Could not write ${r.file}: ${r.message}`)], w, '  ');
  }
}

const displays = (cur: Current) => deviceViews(cur.host).filter((d) => d.display);

/** The GPUs of the input, the target(s) marked. */
function gpuList(cur: Current, w: number): Line[] {
  return displays(cur).flatMap((d) =>
    wrapSegs(
      [seg(cur.report.targets.gpus.includes(d.bdf) ? '  ▶ ' : '    ', 'mark'), seg(d.short, 'bold'), seg(` ${d.name ?? d.className}${d.ids ? ` [${d.ids}]` : ''}, driver ${d.driver ?? 'none'}${d.bootVga ? ', boot display' : ''}`)],
      w,
      '      ',
    ),
  );
}

/** Status words for the live region. */
export function statusText(s: ChatState): string {
  if (s.phase === 'paste') return `pasting — ${s.pasteLines.length} line${s.pasteLines.length === 1 ? '' : 's'} so far; end with a line with only . or Ctrl-D`;
  if (s.phase === 'confirm') return 'apply this fix? yes / no';
  if (s.phase === 'busy') return s.busy;
  if (s.cur) {
    const r = s.cur.report;
    return r.findings.length ? `${summaryWords(r)} · fix N · why N · groups · help` : 'no problems found · groups · devices · help';
  }
  return 'help for commands';
}

/** "1–4" for a run without gaps, else "1, 2, 4, 5" (numbers kept for the session leave gaps when findings go away). */
export function numberList(ns: number[]): string {
  const sorted = [...ns].sort((a, b) => a - b);
  const run = sorted.every((x, i) => x === sorted[0]! + i);
  return run && sorted.length > 1 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(', ');
}
