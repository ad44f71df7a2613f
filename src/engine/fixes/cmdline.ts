// Kernel command line changes as fix plans, one variant per boot loader (the detected one first).
import type { BootLoader } from '../../schema/facts';
import type { Fix, FixStep } from '../../schema/fix';
import type { Host } from '../../facts/host';
import { applyOp } from '../edit-ops';
import { unifiedDiff, lineDiff } from '../diff';
import { fullFile } from './file-steps';
import { rebuildStep } from './initramfs';
import { kernelImagePath, loaderEntries, proxmoxBootToolSyncs } from '../../facts/boot-setup';
import { tr } from '../../i18n/lang';

export interface CmdlineChange {
  add?: string[];
  /** Keys ("intel_iommu") or exact tokens ("amd_iommu=on") to remove. */
  remove?: string[];
}

const LABEL = (): Record<BootLoader, string> => ({
  grub: 'GRUB',
  'grub-bls': tr('GRUB with BLS entries (Fedora, RHEL)', 'GRUB(BLS 条目，Fedora、RHEL)'),
  'systemd-boot': 'systemd-boot (/etc/kernel/cmdline)',
  'proxmox-boot-tool': 'Proxmox systemd-boot (proxmox-boot-tool, /etc/kernel/cmdline)',
  kernelstub: 'Pop!_OS (kernelstub)',
  nixos: 'NixOS',
  refind: 'rEFInd',
});

/** The variant's label names the file really edited: a hand-written loader entry is not /etc/kernel/cmdline. */
function variantLabel(host: Host, loader: BootLoader): string {
  if (loader === 'systemd-boot' && loaderEntries(host.facts).style === 'hand-written') return tr('systemd-boot (hand-written loader entry)', 'systemd-boot（手写的 loader 条目）');
  if (loader === 'grub' && proxmoxBootToolSyncs(host.facts)) return tr('GRUB on ESPs synced by proxmox-boot-tool', '由 proxmox-boot-tool 同步到各 ESP 的 GRUB');
  return LABEL()[loader];
}

function describe(ch: CmdlineChange): string {
  const parts: string[] = [];
  if (ch.add?.length) parts.push(tr(`add ${ch.add.join(' ')}`, `添加 ${ch.add.join(' ')}`));
  if (ch.remove?.length) parts.push(tr(`remove ${ch.remove.join(' ')}`, `移除 ${ch.remove.join(' ')}`));
  return parts.join(tr(' and ', '，并'));
}

function fileEdit(host: Host, path: string, variable: string | undefined, ch: CmdlineChange): FixStep {
  const op = { type: 'cmdline' as const, variable, add: ch.add ?? [], remove: ch.remove ?? [] };
  const file = fullFile(host.facts, path);
  let diff: string | undefined;
  let unchanged = false;
  if (file) {
    diff = unifiedDiff(path, file.content, applyOp(file.content, op, path)) || undefined;
    unchanged = !diff;
  } else if (variable && host.facts.grubVars?.[variable]) {
    const line = host.facts.grubVars[variable]!.evidence.text;
    const after = applyOp(line, op, path);
    if (after !== line) diff = lineDiff(path, line, after);
    else unchanged = true;
  } else if (!variable && host.facts.kernelCmdlineFile) {
    // /etc/kernel/cmdline is a single line: knowing the line is knowing the file.
    const before = `${host.facts.kernelCmdlineFile.raw}\n`;
    diff = unifiedDiff(path, before, applyOp(before, op, path)) || undefined;
    unchanged = !diff;
  } else if (!variable && /\/etc\/kernel\/cmdline$/.test(path) && host.facts.cmdline) {
    // Not known to exist: kernel-install (90-loaderentry.install) would otherwise fall back to /proc/cmdline without
    // BOOT_IMAGE= and initrd=. Creating the file with only the new parameter would drop root= — start from that line.
    const seed = host.facts.cmdline.params.filter((p) => p.key !== 'boot_image' && p.key !== 'initrd').map((p) => p.raw).join(' ');
    const seeded = { ...op, seed };
    const absent = host.facts.collected && !host.facts.paths.includes(path);
    return {
      kind: 'edit',
      path,
      op: seeded,
      diff: absent ? unifiedDiff(path, undefined, applyOp(undefined, seeded, path)) || undefined : undefined,
      description: tr(
        `In ${path} (a single line; ${absent ? 'it does not exist yet: created' : 'if it does not exist it is created'} from the running command line), ${describe(ch)}`,
        `在 ${path} 中（只有一行；${absent ? '文件尚不存在，将以当前运行的内核命令行为基础创建' : '文件不存在时，将以当前运行的内核命令行为基础创建'}）${describe(ch)}`,
      ),
    };
  }
  if (unchanged)
    return { kind: 'edit', path, op, noop: true, description: tr(`${path} already has this${variable ? ` in ${variable}` : ''}: nothing to edit, only regenerate and reboot`, `${path}${variable ? ` 的 ${variable}` : ''} 中已经有这一项：无需编辑，只需重新生成并重启`) };
  return {
    kind: 'edit',
    path,
    description: variable ? tr(`In ${path}, ${describe(ch)} in ${variable}`, `在 ${path} 的 ${variable} 中${describe(ch)}`) : tr(`In ${path} (a single line), ${describe(ch)}`, `在 ${path}（只有一行）中${describe(ch)}`),
    diff,
    op,
  };
}

/** A hand-written loader entry: its options line is edited in place (the cmdline op edits "options" lines there). */
function entryEdit(host: Host, path: string, ch: CmdlineChange): FixStep {
  const op = { type: 'cmdline' as const, add: ch.add ?? [], remove: ch.remove ?? [] };
  const file = fullFile(host.facts, path);
  const diff = file ? unifiedDiff(path, file.content, applyOp(file.content, op, path)) || undefined : undefined;
  if (file && !diff) return { kind: 'edit', path, op, noop: true, description: tr(`${path} already has this on its options line`, `${path} 的 options 行中已经有这一项`) };
  return {
    kind: 'edit',
    path,
    op,
    diff,
    description: tr(
      `In ${path} (a hand-written loader entry, read by systemd-boot at every boot: nothing to regenerate), ${describe(ch)} on the "options" line`,
      `在 ${path}（手写的 loader 条目，systemd-boot 每次启动都会读取，无需重新生成）的 "options" 行中${describe(ch)}`,
    ),
  };
}

/**
 * Rewrite the systemd-boot entry (and its ESP copies of kernel and initrd) with kernel-install, given the
 * distribution's kernel image path (facts/boot-setup.ts kernelImagePath).
 */
export function kernelInstallStep(host: Host, why = tr('Rewrite the boot entry from /etc/kernel/cmdline', '根据 /etc/kernel/cmdline 重写启动项')): FixStep {
  const rel = host.kernel?.release;
  const note = tr(' (repeat for any other installed kernel; mkinitcpio-built UKIs: `mkinitcpio -P` instead)', '（其他已安装的内核也要各执行一次；由 mkinitcpio 构建的 UKI 改用 `mkinitcpio -P`）');
  if (rel) return { kind: 'command', argv: ['kernel-install', 'add', rel, kernelImagePath(host.distroFamily, rel)], description: `${why}${note}`, root: true };
  return { kind: 'manual', description: `${why}${tr(': ', ':')}sudo kernel-install add "$(uname -r)" ${kernelImagePath(host.distroFamily, '$(uname -r)').replace('$(uname -r)', '"$(uname -r)"')}${note}` };
}

/**
 * The GRUB variable edits a change needs: additions go to the one variable this distribution uses; removals go to every
 * variable that holds the parameter (GRUB joins GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT for normal entries,
 * so a token left in either stays on the command line), and to both when /etc/default/grub was not given.
 */
function grubEdits(host: Host, loader: BootLoader, ch: CmdlineChange): { variable: string; ch: CmdlineChange }[] {
  const add = ch.add ?? [];
  const remove = ch.remove ?? [];
  const main = grubVariable(host, loader);
  if (remove.length === 0) return [{ variable: main, ch }];
  const vars = host.facts.grubVars;
  const holds = (v: string) => {
    if (!vars) return true;
    const value = vars[v]?.value;
    return value !== undefined && applyOp(value, { type: 'cmdline', add: [], remove }, '/x').trim() !== value.trim();
  };
  const out: { variable: string; ch: CmdlineChange }[] = [];
  if (add.length || holds(main)) out.push({ variable: main, ch });
  for (const v of ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT']) if (v !== main && holds(v)) out.push({ variable: v, ch: { remove } });
  return out.length ? out : [{ variable: main, ch }];
}

function grubVariable(host: Host, loader: BootLoader): string {
  // Fedora/RHEL keep everything in GRUB_CMDLINE_LINUX; Debian-style setups in GRUB_CMDLINE_LINUX_DEFAULT.
  if (loader === 'grub-bls') return 'GRUB_CMDLINE_LINUX';
  const vars = host.facts.grubVars;
  if (vars && !vars.GRUB_CMDLINE_LINUX_DEFAULT && vars.GRUB_CMDLINE_LINUX) return 'GRUB_CMDLINE_LINUX';
  return 'GRUB_CMDLINE_LINUX_DEFAULT';
}

function grubUpdate(host: Host): string[] {
  switch (host.distroFamily) {
    case 'arch':
    case 'gentoo':
    case 'void':
      return ['grub-mkconfig', '-o', '/boot/grub/grub.cfg'];
    case 'fedora':
    case 'suse':
      return ['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg'];
    default:
      return ['update-grub'];
  }
}

function stepsFor(host: Host, loader: BootLoader, ch: CmdlineChange): FixStep[] {
  const add = ch.add ?? [];
  const remove = ch.remove ?? [];
  const joinedAdd = add.join(' ');
  const joinedRemove = remove.join(' ');
  switch (loader) {
    case 'grub': {
      const steps: FixStep[] = grubEdits(host, loader, ch).map((e) => fileEdit(host, '/etc/default/grub', e.variable, e.ch));
      if (host.facts.paths.some((p) => p.startsWith('/etc/default/grub.d/')))
        steps.push({ kind: 'manual', description: tr('Check /etc/default/grub.d/*.cfg: those files are read after /etc/default/grub and can override the variable.', '检查 /etc/default/grub.d/*.cfg：这些文件在 /etc/default/grub 之后读取，可能覆盖这个变量。') });
      // proxmox-boot-tool: the ESPs' own grub.cfg is written by `proxmox-boot-tool refresh` (zz-proxmox-boot runs
      // grub-mkconfig from /etc/default/grub on each ESP in /etc/kernel/proxmox-boot-uuids); update-grub writes
      // /boot/grub/grub.cfg, which those ESPs do not read (pve-docs system-booting.adoc, sysboot_proxmox_boot_refresh).
      if (proxmoxBootToolSyncs(host.facts))
        steps.push({ kind: 'command', argv: ['proxmox-boot-tool', 'refresh'], description: tr('Regenerate the GRUB configuration on every ESP that proxmox-boot-tool syncs', '在 proxmox-boot-tool 同步的每个 ESP 上重新生成 GRUB 配置'), root: true });
      else steps.push({ kind: 'command', argv: grubUpdate(host), description: tr('Regenerate the GRUB configuration', '重新生成 GRUB 配置'), root: true });
      return steps;
    }
    case 'grub-bls': {
      // BLS entries carry their own "options" line: grubby (rhboot/grubby grubby-bls, update_bls_fragment with
      // --update-kernel=ALL) rewrites it in every /boot/loader/entries/*.conf; /etc/default/grub serves kernels
      // installed later and grub2-mkconfig. Removal first, so a changed value (key=new) is not removed again.
      const steps: FixStep[] = [];
      if (remove.length) steps.push({ kind: 'command', argv: ['grubby', '--update-kernel=ALL', `--remove-args=${joinedRemove}`], description: tr('Remove the parameters from every installed kernel entry', '从每个已安装内核的启动项中移除这些参数'), root: true });
      if (add.length) steps.push({ kind: 'command', argv: ['grubby', '--update-kernel=ALL', `--args=${joinedAdd}`], description: tr('Add the parameters to every installed kernel entry', '为每个已安装内核的启动项添加这些参数'), root: true });
      steps.push(...grubEdits(host, loader, ch).map((e) => fileEdit(host, '/etc/default/grub', e.variable, e.ch)));
      return steps;
    }
    case 'systemd-boot': {
      const entries = loaderEntries(host.facts);
      if (entries.style === 'hand-written') {
        // systemd-boot reads a hand-written entry's options line at every boot: edit it, nothing to regenerate.
        if (entries.booted.length) return entries.booted.map((path) => entryEdit(host, path, ch));
        return [
          {
            kind: 'manual',
            description: tr(
              `In the loader entry this system boots (<ESP>/loader/entries/*.conf; \`bootctl list\` shows it), ${describe(ch)} on the "options" line. Nothing needs regenerating.`,
              `在本系统启动所用的 loader 条目（<ESP>/loader/entries/*.conf;\`bootctl list\` 可以看到）的 "options" 行中${describe(ch)}。无需重新生成任何东西。`,
            ),
          },
        ];
      }
      return [fileEdit(host, '/etc/kernel/cmdline', undefined, ch), kernelInstallStep(host)];
    }
    case 'proxmox-boot-tool':
      // systemd-boot ESPs synced by proxmox-boot-tool: /etc/kernel/cmdline is their one command line; `refresh` writes it
      // as the options line of loader/entries/proxmox-*.conf on every ESP (pve-docs system-booting.adoc, "Editing the
      // Kernel Commandline"). Without the file, zz-proxmox-boot copies /proc/cmdline without initrd=: fileEdit seeds
      // a new file from that same line. update-initramfs also triggers the refresh (initramfs post-update hook), but a
      // command-line change alone needs it run.
      return [fileEdit(host, '/etc/kernel/cmdline', undefined, ch), { kind: 'command', argv: ['proxmox-boot-tool', 'refresh'], description: tr('Copy the new command line to every ESP', '把新的内核命令行复制到每个 ESP'), root: true }];
    case 'kernelstub': {
      const steps: FixStep[] = [];
      if (add.length) steps.push({ kind: 'command', argv: ['kernelstub', '-a', joinedAdd], description: tr('Add the parameters (kernelstub rewrites the boot entry itself)', '添加这些参数（kernelstub 会自己重写启动项）'), root: true });
      if (remove.length) steps.push({ kind: 'command', argv: ['kernelstub', '-d', joinedRemove], description: tr('Remove the parameters', '移除这些参数'), root: true });
      return steps;
    }
    case 'nixos':
      return [
        {
          kind: 'manual',
          description: tr(
            `In /etc/nixos/configuration.nix, ${add.length ? `add to boot.kernelParams: ${add.map((a) => `"${a}"`).join(' ')}` : ''}${add.length && remove.length ? '; ' : ''}${remove.length ? `remove from boot.kernelParams: ${remove.join(' ')}` : ''}`,
            `在 /etc/nixos/configuration.nix 中，${add.length ? `向 boot.kernelParams 添加：${add.map((a) => `"${a}"`).join(' ')}` : ''}${add.length && remove.length ? ';' : ''}${remove.length ? `从 boot.kernelParams 中移除：${remove.join(' ')}` : ''}`,
          ),
        },
        rebuildStep('nixos'),
      ];
    case 'refind':
      return [{ kind: 'manual', description: tr(`In /boot/refind_linux.conf, ${describe(ch)} in the quoted option string of each entry`, `在 /boot/refind_linux.conf 中，在每个条目带引号的选项字符串里${describe(ch)}`) }];
  }
}

/** One fix variant per candidate boot loader; the detected (or likeliest) first and recommended. */
export function cmdlineFixes(host: Host, ruleId: string, title: string, ch: CmdlineChange, extra: { warnings?: string[]; verify?: FixStep[]; after?: FixStep[] } = {}): Fix[] {
  const loaders = host.bootLoader.value ? [host.bootLoader.value] : host.bootLoader.candidates;
  const verify: FixStep[] = extra.verify ?? [
    {
      kind: 'verify',
      description: tr(
        `After the reboot, /proc/cmdline ${ch.add?.length ? `contains ${ch.add.join(' ')}` : `no longer contains ${ch.remove?.join(' ')}`}`,
        `重启后，/proc/cmdline 中${ch.add?.length ? `包含 ${ch.add.join(' ')}` : `不再包含 ${ch.remove?.join(' ')}`}`,
      ),
      argv: ['cat', '/proc/cmdline'],
    },
  ];
  return loaders.map((loader, i) => ({
    id: `${ruleId}/${loader}`,
    title,
    variant: variantLabel(host, loader),
    recommended: i === 0,
    needsReboot: true,
    needsInitramfs: (extra.after ?? []).some((s) => s.kind === 'command'),
    warnings: extra.warnings ?? [],
    steps: [...stepsFor(host, loader, ch), ...(extra.after ?? []), { kind: 'reboot', description: tr('The new command line takes effect at the next boot.', '新的内核命令行在下次启动时生效。') }, ...verify],
  }));
}
