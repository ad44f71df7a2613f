// The assistant's words: a Reply (what the reducer decided to say) → transcript lines, and the status line's words.
import { languagesLines } from './language';
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
import { getLang, tr, withLang } from '../i18n/lang';
import { hasCjk } from '../i18n/space';

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
        [seg(`vfio-doctor ${ctx.config.version}`, 'heading'), seg(tr(' — GPU passthrough check-up', ' — 显卡直通体检'), 'bold')],
        ...para(tr("Hi! I look at a KVM host, tell you what stands between it and a working GPU passthrough, show you the proof, and walk you through the fix. I don't change anything unless you ask.", '你好！我会检查这台 KVM 宿主机，告诉你离显卡直通成功还差什么，给出依据，并一步步带你修复。你不开口，我什么都不改。'), w),
        ...(ctx.config.intro ? para(ctx.config.intro, w) : []),
      ];
    case 'collection':
      return collectionLines(r.progress, w);
    case 'load-failed':
      return [
        ...wrapSegs([seg('✗ ', 'error'), seg(tr(`I could not read the input: ${r.message}`, `无法读取输入：${r.message}`))], w, '  '),
        ...wrapSegs([seg(tr('You can still ', '你仍然可以用 ')), seg('paste', 'cmd'), seg(tr(' output from the machine, or ask me a question.', ' 粘贴那台机器的输出，或者直接问我问题。'))], w, ''),
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
          ? [seg(tr('Type ', '输入 ')), seg(`fix ${r.n}`, 'cmd'), seg(tr(' to see how to fix it, ', ' 查看修复方法，')), seg(`why ${r.n}`, 'cmd'), seg(tr(' for the details, or ask me anything. ', ' 查看详情，或者随便问我。')), seg('help', 'cmd'), seg(tr(' lists the commands.', ' 列出所有命令。'))]
          : [seg(tr('Ask me anything about passthrough, look at the ', '关于直通的问题尽管问，也可以看看 ')), seg('groups', 'cmd'), seg(tr(' or ', ' 或 ')), seg('devices', 'cmd'), seg(tr(', or type ', '，或者输入 ')), seg('help', 'cmd'), seg(tr('.', '。'))],
        w,
        '',
      );
    case 'bye':
      return [[seg(tr('Bye — good luck with the passthrough.', '再见，祝直通顺利。'), 'dim')]];
    case 'help':
      return helpLines(w, r.session, r.canApply);
    case 'rules':
      return rulesLines(ctx.config.rules, r.report, w);
    case 'english-only':
      return languagesLines(w);
    case 'vm-config':
      return vmConfigLines(r.cur, r.format, w);
    case 'vm-bad-format':
      return para(tr(`"${r.text}" is not a VM format I write: vm libvirt, vm proxmox, vm qemu or vm virt-install (vm alone gives all four).`, `"${r.text}" 不是我能生成的虚拟机格式：vm libvirt、vm proxmox、vm qemu 或 vm virt-install（只输入 vm 则四种都给）。`), w);
    case 'answer':
      // A question in Chinese is answered in Chinese, whatever the session's language.
      return withLang(hasCjk(r.question) ? 'zh' : getLang(), () =>
        answerLines(answerQuestion(r.question, ctx.config.knowledge, r.cur ? { report: r.cur.report, host: r.cur.host } : undefined), w),
      );
    case 'went-wrong':
      return para(tr(`Something went wrong: ${r.message}`, `出错了：${r.message}`), w, '', 'error');
    case 'no-report':
      return wrapSegs([seg(tr('There is no report yet. ', '还没有报告。请先用 ')), seg('paste', 'cmd'), seg(tr(' some output from the machine first.', ' 粘贴那台机器的输出。'))], w, '');
    case 'no-findings':
      return para(tr('There are no findings on this input, so there is nothing to fix. Ask me a question, or `paste` other output.', '这份输入里没有发现问题，所以没什么要修。可以问我问题，或用 `paste` 粘贴别的输出。'), w);
    case 'which-finding':
      return wrapSegs([seg(tr(`Which one? Give its number, e.g. `, '哪一个？请给出编号，例如 ')), seg(`${r.verb} 1`, 'cmd'), seg(tr(` (1–${r.count}).`, `（1–${r.count}）。`))], w, '');
    case 'no-such-finding':
      return para(
        tr(
          `There is no finding ${r.n}; ${r.count === 1 ? `there is only finding ${r.numbers?.[0] ?? 1}` : `they are numbered ${numberList(r.numbers ?? Array.from({ length: r.count }, (_, i) => i + 1))}`}. \`findings\` lists them again.`,
          `没有第 ${r.n} 个问题；${r.count === 1 ? `只有问题 ${r.numbers?.[0] ?? 1}` : `编号是 ${numberList(r.numbers ?? Array.from({ length: r.count }, (_, i) => i + 1))}`}。\`findings\` 可再次列出。`,
        ),
        w,
      );
    case 'fix-plan':
      return fixPlanLines(r.finding, r.n, r.variant, w);
    case 'no-fix-plan':
      return para(tr(`[${r.n}] ${r.finding.title} has no fix plan: it explains something rather than asking for a change. \`why ${r.n}\` tells you more.`, `[${r.n}] ${r.finding.title} 没有修复方案：它是在说明情况，不需要改什么。\`why ${r.n}\` 有更多说明。`), w);
    case 'no-fix-to-apply':
      return para(tr(`[${r.n}] ${r.finding.title} has no fix to apply.`, `[${r.n}] ${r.finding.title} 没有可应用的修复方案。`), w);
    case 'apply-by-hand':
      return applyFallbackLines(r.finding, r.n, r.variant, w);
    case 'not-this-machine':
      return para(
        tr(
          `This report comes from ${r.source.kind === 'bundle' ? 'pasted text' : 'another source'}, not this machine, so I won't change anything here. The steps to run on that machine:`,
          `这份报告来自${r.source.kind === 'bundle' ? '粘贴的文本' : '别的来源'}，不是这台机器，所以我不会在这里做任何修改。要在那台机器上执行的步骤：`,
        ),
        w,
      );
    case 'confirm':
      return confirmLines(r.finding, r.n, r.fix, w);
    case 'walk-step':
      return wrapSegs([seg(tr(`Step ${r.k} of ${r.total}: `, `第 ${r.k} 步（共 ${r.total} 步）：`), 'bold'), seg(`[${r.n}] ${r.finding.title}`), ...(r.finding.rootCause ? [seg(tr(` (may clear once ${r.finding.rootCause} is fixed)`, `（修好 ${r.finding.rootCause} 后可能自行消失）`), 'dim')] : [])], w, '  ');
    case 'walk-next':
      return r.k < r.total
        ? wrapSegs([seg(tr('When this one is done, type ', '这一步做完后，输入 ')), seg('next', 'cmd'), seg(tr(` for step ${r.k + 1} of ${r.total}.`, ` 进入第 ${r.k + 1} 步（共 ${r.total} 步）。`))], w, '')
        : wrapSegs([seg(tr('That is the last one. After the changes (and a reboot if a step says so), run vfio-doctor again to check.', '这是最后一步。改完之后（步骤要求的话先重启），再运行一次 vfio-doctor 检查。'))], w, '');
    case 'walk-done':
      return wrapSegs([seg(tr(`That was all ${r.total} — `, `${r.total} 步都走完了——`)), seg('fix all', 'cmd'), seg(tr(' starts again from the first, ', ' 从第一步重新开始，')), seg('findings', 'cmd'), seg(tr(' lists them.', ' 列出所有问题。'))], w, '');
    case 'walk-nothing':
      return para(tr('Nothing to fix here: no finding has a fix to walk through.', '这里没什么可修的：没有哪个问题带修复方案。'), w);
    case 'confirm-undo':
      return wrapSegs([seg(tr('Restore the files the last applied fix changed? ', '恢复上一次应用的修复改动过的文件？'), 'bold'), seg(tr('Type yes to go ahead, anything else to cancel.', '输入 yes 继续，输入其他内容取消。'))], w, '  ');
    case 'undo-not-here':
      return para(
        r.source && r.source.kind === 'bundle'
          ? tr('This report comes from pasted text or a bundle, so nothing was applied here to undo. On the machine that was changed: sudo vfio-doctor undo', '这份报告来自粘贴的文本或诊断包，这里没有应用过任何修复，无从撤销。请在被修改的那台机器上运行：sudo vfio-doctor undo')
          : tr('I cannot undo from this chat; run: sudo vfio-doctor undo (vfio-doctor undo --list shows what was applied).', '无法在对话里撤销；请运行：sudo vfio-doctor undo（vfio-doctor undo --list 列出应用过的修复）。'),
        w,
      );
    case 'undone':
      return [
        ...wrapSegs([seg(r.outcome.ok ? '✓ ' : '✗ ', r.outcome.ok ? 'ok' : 'error'), seg(r.outcome.ok ? tr('Restored the files of the last change.', '已恢复上一次修改的文件。') : tr('Nothing was restored.', '没有恢复任何文件。'))], w, '  '),
        ...r.outcome.lines.flatMap((l) => para(l, w, '  ')),
      ];
    case 'undo-failed':
      return para(tr(`Undo failed: ${r.message}`, `撤销失败：${r.message}`), w, '', 'error');
    case 'cancelled':
      return para(tr('Cancelled; nothing was changed.', '已取消，没有做任何修改。'), w, '', 'dim');
    case 'applied':
      return [
        ...wrapSegs([seg(r.outcome.ok ? '✓ ' : '✗ ', r.outcome.ok ? 'ok' : 'error'), seg(r.outcome.ok ? tr(`Applied ${r.fixId}.`, `已应用 ${r.fixId}。`) : tr(`Applying ${r.fixId} failed.`, `应用 ${r.fixId} 失败。`))], w, '  '),
        ...r.outcome.lines.flatMap((l) => para(l, w, '  ')),
      ];
    case 'apply-failed':
      return para(tr(`Applying ${r.fixId} failed: ${r.message}`, `应用 ${r.fixId} 失败：${r.message}`), w, '', 'error');
    case 'looking-again':
      return para(tr('Looking at the host again after the change:', '修改之后重新检查宿主机：'), w, '', 'dim');
    case 'reread-failed':
      return para(tr(`${r.fixId} was applied, but I could not read the host again: ${r.message}. Run vfio-doctor again to see where it stands.`, `${r.fixId} 已应用，但无法重新读取宿主机：${r.message}。请再运行一次 vfio-doctor 查看现状。`), w, '', 'error');
    case 'why': {
      const md = ctx.config.knowledge.readme(r.finding.id, getLang());
      return whyLines(r.finding, r.n, r.report, w, md ? readmeParagraphs(md, /^（Why it matters|为什么重要）/i) : [], r.numbers);
    }
    case 'page': {
      const view = tableView(r.table, r.cur, ctx.columns, ctx.rows);
      const head = r.page === 0 ? view.head : [[seg(r.table === 'groups' ? tr('IOMMU groups (continued)', 'IOMMU 组（续）') : tr('PCI devices (continued)', 'PCI 设备（续）'), 'bold')]];
      return [...head, ...view.pages[r.page]!, ...pageFooter(r.page, view.pages.length, r.table)];
    }
    case 'nothing-more':
      return para(tr('Nothing more to show. `groups` and `devices` show long tables page by page.', '没有更多内容了。`groups` 和 `devices` 会分页显示长表格。'), w);
    case 'gpu-list': {
      const mark = r.cur.report.targets.perCandidate ? tr('▶ = a candidate, each checked as the target', '▶ = 候选显卡，每张都按直通目标检查') : tr('▶ = the passthrough target', '▶ = 直通目标');
      const first = displays(r.cur)[0]!;
      return [[seg(tr(`GPUs in this input (${mark}):`, `这份输入里的显卡（${mark}）：`), 'bold')], ...gpuList(r.cur, w), ...wrapSegs([seg(tr('Choose one with ', '用 ')), seg(`gpu ${first.short}`, 'cmd'), seg(tr(', or ', ' 选择一张，或用 ')), seg('gpu auto', 'cmd'), seg(tr(' to let me infer it.', ' 让我来推断。'))], w, '')];
    }
    case 'no-gpu-seen':
      return para(tr('I see no GPU in this input.', '这份输入里没有看到显卡。'), w);
    case 'not-pci-address':
      return para(tr(`"${r.text}" is not a PCI address. Write it like lspci does, e.g. gpu 01:00.0.`, `"${r.text}" 不是 PCI 地址。请按 lspci 的写法，例如 gpu 01:00.0。`), w);
    case 'no-device-at':
      return [...para(tr(`There is no device at ${shortBdf(r.bdf)} in this input.${displays(r.cur).length ? ' The GPUs are:' : ''}`, `这份输入里 ${shortBdf(r.bdf)} 没有设备。${displays(r.cur).length ? '显卡有：' : ''}`), w), ...gpuList(r.cur, w)];
    case 'not-a-gpu': {
      const v = deviceView(r.cur.host, r.bdf);
      return [...para(tr(`${v.short} is ${v.className.toLowerCase().startsWith('a') ? 'an' : 'a'} ${v.className}, not a GPU. The GPUs are:`, `${v.short} 是 ${v.className}，不是显卡。显卡有：`), w), ...gpuList(r.cur, w)];
    }
    case 'target-changed': {
      const targets = r.cur.report.targets;
      const t = targets.gpus.map((b) => deviceView(r.cur.host, b));
      const before = summaryWords(r.before);
      if (targets.perCandidate)
        return wrapSegs([seg(tr('No single target: ', '没有唯一的目标：'), 'bold'), seg(tr(`each of ${t.map((d) => d.short).join(', ')} is checked as the target`, `${t.map((d) => d.short).join('、')} 都按直通目标检查`)), seg(tr(` (${targets.reason})`, `(${targets.reason})`), 'dim'), seg(tr(`. Findings updated (before: ${before}).`, `。问题列表已更新（之前：${before}）。`), 'dim')], w, '  ');
      return wrapSegs(
        [seg(tr('Target is now ', '目标现在是 '), 'bold'), seg(t.map((d) => `${d.short}${d.name ? ` ${d.name}` : ''}`).join(', ') || tr('none', '无'), 'bold'), seg(r.chosen ? '' : tr(` (inferred: ${targets.reason})`, `（推断：${targets.reason}）`)), seg(tr(`. Findings updated (before: ${before}).`, `。问题列表已更新（之前：${before}）。`), 'dim')],
        w,
        '  ',
      );
    }
    case 'paste-prompt':
      return wrapSegs(
        r.auto
          ? [seg(tr("That looks like output from a machine — I'll take it as a paste. ", '这看起来是机器的输出——我按粘贴内容处理。'), 'bold'), seg(tr('Paste the rest, then end with a line containing only ', '把剩下的也粘贴进来，最后输入只有 ')), seg('.', 'cmd'), seg(tr(' or press ', ' 的一行，或按 ')), seg('Ctrl-D', 'cmd'), seg(tr('.', '。'))]
          : [
              seg(tr('Paste now: ', '请粘贴：'), 'bold'),
              seg(tr('a bundle from `vfio-doctor collect`, or any of /proc/cmdline, dmesg, lspci -nnk, the IOMMU group listing, modprobe.d files. In one go or several. End with a line containing only ', '`vfio-doctor collect` 生成的诊断包，或 /proc/cmdline、dmesg、lspci -nnk、IOMMU 组列表、modprobe.d 文件中的任意几样。一次或分几次都行。最后输入只有 ')),
              seg('.', 'cmd'),
              seg(tr(' or press ', ' 的一行，或按 ')),
              seg('Ctrl-D', 'cmd'),
              seg(tr('.', '。')),
            ],
        w,
        '',
      );
    case 'nothing-pasted':
      return para(tr('Nothing was pasted; still on the previous input.', '没有粘贴任何内容，仍使用之前的输入。'), w);
    case 'paste-unrecognised':
      return [
        ...para(tr(`I couldn't recognise anything in those ${r.lines} line${r.lines === 1 ? '' : 's'}${r.kept ? ', so I stayed on the previous input' : ''}.`, `这 ${r.lines} 行里没有能识别的内容${r.kept ? '，所以仍使用之前的输入' : ''}。`), w),
        ...para(tr('Paste the output of `cat /proc/cmdline`, `sudo dmesg`, `lspci -nnk` and the IOMMU group listing, or a bundle from `vfio-doctor collect`.', '请粘贴 `cat /proc/cmdline`、`sudo dmesg`、`lspci -nnk` 的输出和 IOMMU 组列表，或 `vfio-doctor collect` 生成的诊断包。'), w, '', 'dim'),
      ];
    case 'paste-taken':
      return wrapSegs([seg('✓ ', 'ok'), seg(tr(`Got ${r.lines} pasted lines. `, `收到 ${r.lines} 行粘贴内容。`)), seg(tr('Switching to the pasted input', '切换到粘贴的输入'), 'bold'), seg(tr(' — everything below is about that machine, not this one.', '——以下内容说的都是那台机器，不是这台。'))], w, '  ');
    case 'export-which-format':
      return wrapSegs([seg(tr('Say which format: ', '请指定格式：')), seg('export json', 'cmd'), seg(tr(' or ', ' 或 ')), seg('export markdown', 'cmd'), seg(tr(', optionally followed by a file name.', '，后面可以跟文件名。'))], w, '');
    case 'exported':
      return wrapSegs(
        [
          seg('✓ ', 'ok'),
          seg(tr(`Wrote the ${r.format === 'json' ? 'JSON' : 'Markdown'} report to `, `已把 ${r.format === 'json' ? 'JSON' : 'Markdown'} 报告写入 `)),
          seg(r.where, 'bold'),
          seg(tr(` (${Math.max(1, Math.round(r.bytes / 1024))} KB).`, `（${Math.max(1, Math.round(r.bytes / 1024))} KB）。`)),
          seg(r.format === 'markdown' ? tr(' It is ready to paste into a forum post.', '可以直接贴到论坛帖子里。') : '', 'dim'),
        ],
        w,
        '  ',
      );
    case 'export-failed':
      return wrapSegs([seg('✗ ', 'error'), seg(tr(`Could not write ${r.file}: ${r.message}`, `无法写入 ${r.file}:${r.message}`))], w, '  ');
  }
}

const displays = (cur: Current) => deviceViews(cur.host).filter((d) => d.display);

/** The GPUs of the input, the target(s) marked. */
function gpuList(cur: Current, w: number): Line[] {
  return displays(cur).flatMap((d) =>
    wrapSegs(
      [seg(cur.report.targets.gpus.includes(d.bdf) ? '  ▶ ' : '    ', 'mark'), seg(d.short, 'bold'), seg(tr(` ${d.name ?? d.className}${d.ids ? ` [${d.ids}]` : ''}, driver ${d.driver ?? 'none'}${d.bootVga ? ', boot display' : ''}`, ` ${d.name ?? d.className}${d.ids ? ` [${d.ids}]` : ''}，驱动 ${d.driver ?? '无'}${d.bootVga ? '，启动显卡' : ''}`))],
      w,
      '      ',
    ),
  );
}

/** Status words for the live region. */
export function statusText(s: ChatState): string {
  if (s.phase === 'paste') return tr(`pasting — ${s.pasteLines.length} line${s.pasteLines.length === 1 ? '' : 's'} so far; end with a line with only . or Ctrl-D`, `粘贴中——已收到 ${s.pasteLines.length} 行；输入只有 . 的一行或按 Ctrl-D 结束`);
  if (s.phase === 'confirm') return tr('apply this fix? yes / no', '应用这个修复方案？yes / no');
  if (s.phase === 'busy') return s.busy;
  if (s.cur) {
    const r = s.cur.report;
    return r.findings.length ? `${summaryWords(r)} · fix N · why N · groups · help` : tr('no problems found · groups · devices · help', '没有发现问题 · groups · devices · help');
  }
  return tr('help for commands', 'help 查看命令');
}

/** "1–4" for a run without gaps, else "1, 2, 4, 5" (numbers kept for the session leave gaps when findings go away). */
export function numberList(ns: number[]): string {
  const sorted = [...ns].sort((a, b) => a - b);
  const run = sorted.every((x, i) => x === sorted[0]! + i);
  return run && sorted.length > 1 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(', ');
}
