// `vfio-doctor collect [-o FILE] [--no-redact]`: write a support bundle of this host (or a sysroot).
import { existsSync, writeFileSync } from 'node:fs';
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { VERSION } from '../../version';
import { checkRoot } from '../sources';
import { escapeLine } from '../../text/sanitize';
import { tr } from '../../i18n/lang';

/**
 * The bundle's name when -o is not given: date and time (UTC, as in the bundle's header), so a second run the same day
 * gets a new file; a run within the same second gets "-2", "-3".
 */
export function defaultName(now: Date, exists: (f: string) => boolean = existsSync): string {
  const stamp = now.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  const base = `vfio-doctor-bundle-${stamp}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.txt` : `${base}-${n}.txt`;
    if (!exists(name)) return name;
  }
}

export async function collectCommand(args: Args, io: CliIO, now = new Date()): Promise<number> {
  const { collectHost } = await import('../../collect/index');
  const { writeBundle } = await import('../../collect/bundle');
  const { identity } = await import('../../collect/identity');
  const { liveIO } = await import('../../collect/live-io');
  const { sysrootIO } = await import('../../collect/sysroot-io');
  const hostIO = args.root ? sysrootIO(args.root) : liveIO();
  if (args.root) checkRoot(args.root);
  const toStdout = args.output === '-' || (!args.output && !io.stdoutIsTTY);
  const file = args.output && args.output !== '-' ? args.output : defaultName(now);
  if (!toStdout && existsSync(file)) throw new UsageError(tr(`${file} already exists; choose another name with -o FILE (nothing was overwritten)`, `${file} 已存在；请用 -o FILE 换一个名字（没有覆盖任何文件）`));
  const progress = (e: { label: string; status: string; detail?: string }) => {
    if (e.status !== 'started') io.stderr(`  ${e.status === 'done' ? '✓' : e.status === 'failed' ? '✗' : '–'} ${escapeLine(`${e.label}${e.detail ? ` (${e.detail})` : ''}`)}\n`);
  };
  io.stderr(tr(`Collecting ${args.root ? `sysroot ${args.root}` : 'this host'}…\n`, `正在收集${args.root ? `系统根目录 ${args.root}` : '本机'}的信息…\n`));
  const sources = await collectHost({ root: args.root, env: io.env, io: hostIO }, progress);
  const redact = args.redact ?? true;
  const bundle = writeBundle(sources, { version: VERSION, now, redact, redactOptions: redact ? await identity(hostIO) : undefined });
  if (toStdout) {
    io.stdout(bundle);
    return 0;
  }
  writeFileSync(file, bundle, { flag: 'wx', mode: 0o644 });
  const kb = Math.max(1, Math.round(Buffer.byteLength(bundle) / 1024));
  io.stderr(
    tr(
      `Wrote ${file} (${kb} KB${redact ? ', redacted' : ', NOT redacted'}). Read it before sharing, then attach it to your forum post or issue, or paste it inside a \`\`\` code block. Anyone can analyse it with: vfio-doctor analyze ${file}\n`,
      `已写入 ${file}（${kb} KB，${redact ? '已脱敏' : '未脱敏'}）。分享前请先看一遍，然后附到论坛帖子或 issue 里，或者贴在 \`\`\` 代码块中。任何人都可以这样分析它:vfio-doctor analyze ${file}\n`,
    ),
  );
  return 0;
}
