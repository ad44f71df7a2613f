// `vfio-doctor` on a terminal: the Ink chat. Ink, React and the UI load only here (a lazily imported chunk).
import { writeFile as fsWriteFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { resolveSources, type ResolvedSources } from '../sources';
import { wantsColor } from '../color';
import { VERSION } from '../../version';
import type { ApplyFix, ChatConfig, Loader, UndoLast } from '../../ui/types';
import type { Session } from '../../ui/session';
import type { Knowledge } from '../../knowledge/search';
import type { RuleMeta } from '../../engine/rule';
import { tr } from '../../i18n/lang';
import { deferred, type Deferred } from '../../ui/deferred';

function introFor(args: Args): string {
  if (args.demo) return tr('This is the demo: a shipped example host with two identical RTX 3090 Ti cards. Nothing on this computer is read.', '这是演示：自带的示例宿主机，装有两张相同的 RTX 3090 Ti。不会读取这台电脑上的任何东西。');
  if (args.bundle) return tr(`Reading the bundle ${args.bundle === '-' ? 'from standard input' : args.bundle}.`, `正在读取诊断包${args.bundle === '-' ? '（来自标准输入）' : ` ${args.bundle}`}。`);
  if (args.root) return tr(`Reading the sysroot ${args.root}.`, `正在读取系统根目录 ${args.root}。`);
  return tr(
    "I'll look at this machine: kernel command line and log, PCI devices and their drivers, IOMMU groups, modules and boot configuration. Nothing is changed.",
    '我来检查这台机器：内核命令行和内核日志、PCI 设备及其驱动、IOMMU 组、内核模块和引导配置。不会做任何改动。',
  );
}

/** The knowledge search, built on its first use: its index (~10 ms) is not needed for the first frame. */
function onFirstUse(make: () => Knowledge): Knowledge {
  let k: Knowledge | undefined;
  const get = () => (k ??= make());
  return {
    get docs() {
      return get().docs;
    },
    search: (query, limit, lang) => get().search(query, limit, lang),
    readme: (id, lang) => get().readme(id, lang),
  };
}

/** What the chat needs only once it reads commands: the rules, the knowledge search with the READMEs, the applier. */
interface Answering {
  rules: readonly RuleMeta[];
  knowledge: () => Knowledge;
  applyFix: ApplyFix;
  undoLast: UndoLast;
}

/** What answering needs, loaded after the first frame (~40 ms of modules it does not draw). */
function answering(args: Args): Deferred<Answering> {
  return deferred('what answering needs', async () => {
    const [{ RULES }, { createKnowledge }, { chatApplier, chatUndoer }, { loadRuleDocs }] = await Promise.all([
      import('../../../rules/index'),
      import('../../knowledge/search'),
      import('../chat-apply'),
      import('../../knowledge/rule-docs'),
    ]);
    const rules = RULES.map((r) => r.meta);
    const ids = rules.map((r) => r.id);
    // Both languages: a Chinese question is answered in Chinese whatever the session's language.
    const [ruleDocs, ruleDocsZh] = await Promise.all([loadRuleDocs(ids), loadRuleDocs(ids, 'zh')]);
    return { rules, knowledge: () => createKnowledge({ rules, ruleDocs, ruleDocsZh }), applyFix: chatApplier(args), undoLast: chatUndoer(args) };
  });
}

export async function chatCommand(args: Args, io: CliIO): Promise<number> {
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    throw new UsageError(tr('the chat needs a terminal; use `vfio-doctor analyze FILE`, or --json / --markdown for a report', '对话需要终端；请用 `vfio-doctor analyze FILE`，或用 --json / --markdown 输出报告'));
  }
  // The UI starts loading first; the bundle or the demo is read meanwhile, before the screen changes, so a bad file is
  // a one-line error like everywhere else.
  const modules = Promise.all([import('ink'), import('../../ui/app')]);
  let early: ResolvedSources | undefined;
  try {
    if (args.demo || args.bundle) early = await resolveSources(args, io);
  } catch (e) {
    modules.catch(() => undefined); // nobody waits for them now
    throw e;
  }
  const later = answering(args);
  // Settles (either way) only once what answering needs is loaded too; both load at the same time.
  const loader: Loader = early ? () => later.alongside(Promise.resolve(early)) : (onProgress) => later.alongside(resolveSources(args, io, onProgress));
  const [{ render }, { chatElement }] = await modules;
  const config: ChatConfig = {
    loader,
    writeFile: async (path, text) => {
      const full = resolve(path);
      // Never overwrite what the user already has: 'wx' fails when the file exists.
      await fsWriteFile(full, text, { encoding: 'utf8', flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'EEXIST' ? new Error(tr(`${full} already exists; give another file name (nothing was overwritten)`, `${full} 已存在；请换一个文件名（没有覆盖任何文件）`)) : e;
      });
      return full;
    },
    knowledge: onFirstUse(() => later.need().knowledge()),
    get rules() {
      return later.need().rules;
    },
    version: VERSION,
    applyFix: (fix, ctx) => later.need().applyFix(fix, ctx),
    undoLast: () => later.need().undoLast(),
    // --redact applies to exports as it does to printed reports: the same redactor with the same names.
    exportText: async (report, kind, ctx) => (await import('../redaction')).exportText(report, kind, ctx, { redact: args.redact === true, root: args.root }),
    gpus: args.gpus,
    only: args.only,
    ignore: args.ignore,
    verbose: args.verbose,
    intro: introFor(args),
  };
  let session: Session | undefined;
  const app = render(
    chatElement({
      config,
      color: wantsColor(args, io),
      onSession: (s: Session) => {
        session = s;
      },
    }),
    { exitOnCtrlC: false, patchConsole: true },
  );
  await app.waitUntilExit();
  const errors = session?.report?.summary.errors ?? 0;
  return errors > 0 ? 1 : 0;
}
