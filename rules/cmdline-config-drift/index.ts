// J2: a passthrough parameter is configured but not running (not regenerated, not rebooted, or the wrong loader's file).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { parseCmdlineString, normalizeKey } from '../../src/parse/cmdline';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { loaderEntries } from '../../src/facts/boot-setup';
import type { Cmdline } from '../../src/schema/facts';
import type { Evidence } from '../../src/schema/evidence';
import type { FixStep, Fix } from '../../src/schema/fix';
import type { Host } from '../../src/facts/host';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'cmdline-config-drift';

/** Parameters that matter for passthrough; drift in others (quiet, splash) is not our business. */
const RELEVANT = /^(?:intel_iommu|amd_iommu|iommu|iommu\.\w+|vfio_pci\.\w+|vfio\.\w+|vfio_iommu_type1\.\w+|pci_stub\.ids|pcie_acs_override|video|initcall_blacklist|modprobe\.blacklist|module_blacklist|rd\.driver\.\w+|kvm\.\w+|kvm_intel\.\w+|kvm_amd\.\w+|intremap|hugepages|hugepagesz|default_hugepagesz|vfio_pci)$/;

interface Configured {
  where: 'grub' | 'kernel-cmdline' | 'loader-entry';
  label: string;
  cmdline: Cmdline;
}

function configured(host: Host): Configured[] {
  const f = host.facts;
  const out: Configured[] = [];
  const vars = f.grubVars;
  if (vars && (vars.GRUB_CMDLINE_LINUX || vars.GRUB_CMDLINE_LINUX_DEFAULT)) {
    const ev = (vars.GRUB_CMDLINE_LINUX_DEFAULT ?? vars.GRUB_CMDLINE_LINUX)!.evidence;
    const raw = [vars.GRUB_CMDLINE_LINUX?.value ?? '', vars.GRUB_CMDLINE_LINUX_DEFAULT?.value ?? ''].join(' ');
    out.push({ where: 'grub', label: '/etc/default/grub', cmdline: parseCmdlineString(raw, ev) });
  }
  if (f.kernelCmdlineFile) out.push({ where: 'kernel-cmdline', label: '/etc/kernel/cmdline', cmdline: f.kernelCmdlineFile });
  return out;
}

const relevant = (c: Cmdline) => c.params.filter((p) => RELEVANT.test(p.key));
// The kernel reads vfio-pci.ids and vfio_pci.ids alike: compare normalised keys and values, not raw text.
const has = (c: Cmdline, raw: string) => {
  const eq = raw.indexOf('=');
  const key = normalizeKey(eq < 0 ? raw : raw.slice(0, eq));
  const value = eq < 0 ? undefined : raw.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  return c.params.some((p) => p.key === key && (p.value ?? undefined) === value);
};

/**
 * The commands that carry the configured parameters into the boot entries. With GRUB + BLS (Fedora, RHEL) every entry
 * has its own options line that grub2-mkconfig does not rewrite: grubby --update-kernel=ALL --args=… does (rhboot/grubby
 * grubby-bls, update_bls_fragment), so the missing parameters are passed as an addition and only commands are kept.
 */
function regenerate(host: Host, missing: string[]): FixStep[] {
  const fixes = cmdlineFixes(host, ID, 'regen', { add: missing });
  return fixes[0]?.steps.filter((s) => s.kind === 'command') ?? [];
}

const are = (n: string[]) => (n.length > 1 ? 'are' : 'is');
const TARGET = { grub: '/etc/default/grub', 'loader-entry': 'the "options" line of the hand-written loader entry', 'kernel-cmdline': '/etc/kernel/cmdline' } as const;

export const messages = {
  wrongFile: ({ params, file, loader, loaderReason, target }: { params: string[]; file: string; loader: string; loaderReason: string; target: Configured['where'] }) =>
    `${params.join(' ')} ${are(params)} in ${file}, but this host boots with ${loader} (${loaderReason}), which does not read that file — so ${params.length > 1 ? 'they are' : 'it is'} not on the running command line. Add ${params.length > 1 ? 'them' : 'it'} to ${TARGET[target]} instead.`,
  notRegenerated: ({ params, file, loaderKnown }: { params: string[]; file: string; loaderKnown: boolean }) =>
    `${params.join(' ')} ${are(params)} in ${file} but not in the running command line (/proc/cmdline). The boot loader configuration was not regenerated after the edit, or the host was not rebooted since${loaderKnown ? '' : ' (or the file belongs to a boot loader this host does not use)'}.`,
  notConfigured: ({ params, file }: { params: string[]; file: string }) =>
    `${params.join(' ')} ${are(params)} on the running command line but not in ${file}: added by hand at the boot menu, or the file changed since the last boot. ${params.length > 1 ? 'They' : 'It'} will be gone after the next regeneration unless added to ${file}.`,
  noCmdlineVariable: () => 'the boot configuration given sets no kernel command line (no GRUB_CMDLINE_LINUX or GRUB_CMDLINE_LINUX_DEFAULT)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'J2',
    title: 'Configured kernel parameters are not active',
    severity: 'warning',
    category: 'config',
    summary: 'A parameter is in the boot configuration but not in /proc/cmdline: not regenerated, not rebooted, or written to the wrong boot loader\'s file.',
    docs: ['https://pve.proxmox.com/pve-docs/chapter-sysadmin.html#sysboot_edit_kernel_cmdline'],
    keywords: ['not applied', 'no effect', 'update-grub', 'proxmox-boot-tool refresh', 'reboot', 'wrong file', 'systemd-boot', '/etc/default/grub', '/etc/kernel/cmdline', 'cmdline'],
    requires: ['bootConfig', 'cmdline'],
    messages,
    zh,
  },
  check(host, ctx) {
    const running = host.facts.cmdline;
    const confs = configured(host);
    // A grub file without its command-line variables (a partial paste): what is configured is unknown.
    if (confs.length === 0) return ctx.given('bootConfig') ? ctx.unable('noCmdlineVariable') : [];
    if (!running) return [];
    const loader = host.bootLoader.value;
    // systemd-boot with hand-written entries reads their options lines; /etc/kernel/cmdline only feeds kernel-install.
    const handWritten = loader === 'systemd-boot' && loaderEntries(host.facts).style === 'hand-written';
    const active: Configured['where'] | undefined =
      loader === 'grub' || loader === 'grub-bls' ? 'grub' : handWritten ? 'loader-entry' : loader === 'systemd-boot' || loader === 'proxmox-boot-tool' ? 'kernel-cmdline' : undefined;
    const out: DraftOf<typeof messages>[] = [];
    for (const c of confs) {
      const missing = relevant(c.cmdline).filter((p) => !has(running, p.raw));
      if (missing.length === 0) continue;
      const raws = missing.map((p) => p.raw);
      const ev: Evidence[] = [c.cmdline.evidence, running.evidence];
      if (active && c.where !== active) {
        // Written to a file this boot loader never reads: put it where it belongs.
        const fixes: Fix[] = cmdlineFixes(host, `${ID}/move`, tr(`Put ${raws.join(' ')} where ${loader} reads it`, `把 ${raws.join(' ')} 写到 ${loader} 会读取的地方`), { add: raws });
        out.push({
          messageId: 'wrongFile',
          data: { params: raws, file: c.label, loader: loader!, loaderReason: host.bootLoader.reason, target: active },
          evidence: ev,
          fixes,
        });
        continue;
      }
      const regen = regenerate(host, raws);
      out.push({
        messageId: 'notRegenerated',
        data: { params: raws, file: c.label, loaderKnown: active !== undefined },
        evidence: ev,
        fixes: [
          {
            id: `${ID}/regenerate`,
            title: tr('Regenerate the boot configuration and reboot', '重新生成启动配置并重启'),
            variant: loader ?? host.bootLoader.candidates[0],
            recommended: true,
            needsReboot: true,
            needsInitramfs: false,
            warnings: [],
            steps: [...regen, { kind: 'reboot', description: tr('The configured command line takes effect at the next boot.', '配置好的内核命令行在下次启动时生效。') }, { kind: 'verify', description: tr(`/proc/cmdline contains ${raws.join(' ')}`, `/proc/cmdline 中包含 ${raws.join(' ')}`), argv: ['cat', '/proc/cmdline'] }],
          },
        ],
      });
    }
    // Active on the running kernel but absent from the active configuration: lost at the next regeneration.
    const activeConf = confs.find((c) => c.where === active);
    if (activeConf) {
      const extra = relevant(running).filter((p) => !has(activeConf.cmdline, p.raw) && !confs.some((c) => c !== activeConf && has(c.cmdline, p.raw)));
      if (extra.length)
        out.push({
          severity: 'info',
          messageId: 'notConfigured',
          data: { params: extra.map((p) => p.raw), file: activeConf.label },
          evidence: [running.evidence, activeConf.cmdline.evidence],
          fixes: [],
        });
    }
    return out;
  },
});
