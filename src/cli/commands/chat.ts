// `vfio-doctor` on a terminal: the Ink chat. Ink, React and the UI load only here (a lazily imported chunk).
import { writeFile as fsWriteFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { resolveSources, type ResolvedSources } from '../sources';
import { wantsColor } from '../output';
import { RULES } from '../../../rules/index';
import { VERSION } from '../../version';
import type { ChatConfig, Loader } from '../../ui/types';
import type { Session } from '../../ui/session';
import { chatApplier, chatUndoer } from '../chat-apply';

function introFor(args: Args): string {
  if (args.demo) return 'This is the demo: a shipped example host with two identical RTX 3090 Ti cards. Nothing on this computer is read.';
  if (args.bundle) return `Reading the bundle ${args.bundle === '-' ? 'from standard input' : args.bundle}.`;
  if (args.root) return `Reading the sysroot ${args.root}.`;
  return "I'll look at this machine: kernel command line and log, PCI devices and their drivers, IOMMU groups, modules and boot configuration. Nothing is changed.";
}

export async function chatCommand(args: Args, io: CliIO): Promise<number> {
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    throw new UsageError('the chat needs a terminal; use `vfio-doctor analyze FILE`, or --json / --markdown for a report');
  }
  // The UI and the chat's knowledge start loading first; the bundle or the demo is read meanwhile, before the screen
  // changes, so a bad file is a one-line error like everywhere else.
  const modules = Promise.all([
    import('ink'),
    import('../../ui/app'),
    import('../../knowledge/search'),
    // Both languages: a Chinese question is answered in Chinese whatever the session's language.
    import('../../knowledge/rule-docs').then(({ loadRuleDocs }) => Promise.all([loadRuleDocs(RULES.map((r) => r.meta.id)), loadRuleDocs(RULES.map((r) => r.meta.id), 'zh')])),
  ]);
  let early: ResolvedSources | undefined;
  try {
    if (args.demo || args.bundle) early = await resolveSources(args, io);
  } catch (e) {
    modules.catch(() => undefined); // nobody waits for them now
    throw e;
  }
  const loader: Loader = early ? async () => early : (onProgress) => resolveSources(args, io, onProgress);
  const [{ render }, { chatElement }, { createKnowledge }, [ruleDocs, ruleDocsZh]] = await modules;
  const config: ChatConfig = {
    loader,
    writeFile: async (path, text) => {
      const full = resolve(path);
      // Never overwrite what the user already has: 'wx' fails when the file exists.
      await fsWriteFile(full, text, { encoding: 'utf8', flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'EEXIST' ? new Error(`${full} already exists; give another file name (nothing was overwritten)`) : e;
      });
      return full;
    },
    knowledge: createKnowledge({ rules: RULES.map((r) => r.meta), ruleDocs, ruleDocsZh }),
    rules: RULES.map((r) => r.meta),
    version: VERSION,
    applyFix: chatApplier(args),
    undoLast: chatUndoer(args),
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
