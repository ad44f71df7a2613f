// E11: a driver is blacklisted, yet it holds a device: built in, loaded from an older initramfs, or loaded explicitly.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import type { Fix } from '../../src/schema/fix';
import { paramValues } from '../../src/parse/cmdline';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { bindFixes, slotFunctions } from '../../src/engine/fixes/bind-choice';
import { moduleOfDriver } from '../../src/engine/fixes/bind';
import { generatorsOf, rebuildStep, GENERATOR_LABEL } from '../../src/engine/fixes/initramfs';
import { describeDevice } from '../../src/engine/describe';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'module-blacklist-ineffective';

/** Where each module is blacklisted: modprobe.d "blacklist", modprobe.blacklist= or module_blacklist= on the command line. */
function blacklists(host: Host): Map<string, { how: 'modprobe.d' | 'modprobe.blacklist' | 'module_blacklist'; evidence: Evidence }[]> {
  const out = new Map<string, { how: 'modprobe.d' | 'modprobe.blacklist' | 'module_blacklist'; evidence: Evidence }[]>();
  const add = (m: string, how: 'modprobe.d' | 'modprobe.blacklist' | 'module_blacklist', evidence: Evidence) => out.set(m, [...(out.get(m) ?? []), { how, evidence }]);
  for (const d of host.facts.modprobe) if (d.kind === 'blacklist') add(d.module, 'modprobe.d', d.evidence);
  const c = host.facts.cmdline;
  if (c) {
    for (const v of paramValues(c, 'modprobe.blacklist')) for (const m of v.split(',')) if (m) add(m.replace(/-/g, '_'), 'modprobe.blacklist', c.evidence);
    for (const v of paramValues(c, 'module_blacklist')) for (const m of v.split(',')) if (m) add(m.replace(/-/g, '_'), 'module_blacklist', c.evidence);
  }
  return out;
}

/** The newest initramfs image time, and whether a blacklisting file is newer than it. */
function imageOlderThan(host: Host, paths: string[]): string | undefined {
  const t = host.facts.mtimes;
  const images = Object.keys(t).filter((p) => /^\/boot\/(?:initrd\.img-|initramfs-|booster-)/.test(p) && !/fallback/.test(p));
  const rel = host.kernel?.release;
  const mine = images.filter((p) => rel && p.includes(rel));
  const img = (mine.length ? mine : images).sort((a, b) => t[b]! - t[a]!)[0];
  if (!img) return undefined;
  return paths.some((p) => (t[p] ?? 0) > t[img]!) ? img : undefined;
}

/** Why the blacklist did not hold: built in, refused outright, an image older than the blacklist, or loaded another way. */
type Cause = { kind: 'builtin' } | { kind: 'refused' } | { kind: 'oldImage'; image: string } | { kind: 'alias'; installs: number };

const why = (mod: string, c: Cause) =>
  c.kind === 'builtin'
    ? `${mod} is built into this kernel (modules.builtin), and no blacklist can stop a built-in driver`
    : c.kind === 'refused'
      ? `module_blacklist= refuses to load the module at all, so ${mod} must be built in or loaded from somewhere the command line does not reach`
      : c.kind === 'oldImage'
        ? `the blacklist was written after ${c.image} was built, and the initramfs (which loads ${mod} early) still has the old configuration`
        : `"blacklist" only stops loading by device alias: ${mod} is still loaded from the initramfs (built before the blacklist, or without /etc/modprobe.d in it), by an explicit "modprobe ${mod}", or as a dependency of another module${c.installs ? ` (see the install line${c.installs > 1 ? 's' : ''} naming it)` : ''}`;

export const messages = {
  stated: ({ module, where, sentence }: { module: string; where: string[]; sentence: string }) =>
    `${module} is blacklisted (${where.join(', ')}), and you say the blacklist did not stop it ("${sentence}"; stated, not seen: paste lsmod and lspci -nnk to confirm). "blacklist" only stops loading by device alias: the module still loads from an initramfs built before the blacklist (the image carries its own copy of /etc/modprobe.d), by an explicit "modprobe ${module}", or as a dependency of another module. Rebuilding the initramfs after the change is the usual cure.`,
  ineffective: ({ module, where, devices, cause }: { module: string; where: string[]; devices: string[]; cause: Cause }) =>
    `${module} is blacklisted (${where.join(', ')}), yet it drives ${devices.join(', ')}: ${why(module, cause)}.${cause.kind === 'builtin' ? ' Bind the card to vfio-pci by ID on the command line or by address instead.' : ''}`,
  driversUnknown: ({ modules }: { modules: string[] }) => `${modules.join(', ')} ${modules.length > 1 ? 'are' : 'is'} blacklisted, but the drivers in use are unknown (paste lspci -nnk)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E11',
    title: 'A blacklisted driver still holds a device',
    severity: 'warning',
    category: 'binding',
    summary: '"blacklist" only stops automatic loading by alias: a built-in driver, an initramfs built before the blacklist, or an explicit modprobe/dependency still loads it.',
    docs: ['https://wiki.archlinux.org/title/Kernel_module#Blacklisting', 'https://man7.org/linux/man-pages/man5/modprobe.d.5.html'],
    keywords: ['blacklist', 'module_blacklist', 'modprobe.blacklist', 'still loaded', 'nouveau', 'nvidia', 'amdgpu', 'blacklist not working'],
    requires: [{ anyOf: ['modprobe', 'cmdline'] }],
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const bl = blacklists(host);
    if (bl.size === 0) return [];
    const withDriver = f.pci.filter((d) => typeof d.driver === 'string');
    // The drivers in use are unknown, but the user says plainly that a blacklist they show did not stop the module
    // ("adding `blacklist amdgpu` to … does not actually blacklist amdgpu"): a warning built on that sentence.
    const said = withDriver.length === 0 ? [...bl.keys()].filter((m) => f.mentions[`blacklist-ignored:${m}`]) : [];
    if (said.length)
      return said.map((mod) => {
        const how = bl.get(mod)!;
        const sentence = f.mentions[`blacklist-ignored:${mod}`]!;
        const where = [...new Set(how.map((h) => (h.how === 'modprobe.d' ? h.evidence.source : `${h.how}= on the command line`)))];
        // A directive quoted inline in the sentence has no file of its own: name the file when one is known.
        const named = where.some((w) => w.startsWith('/')) ? where.filter((w) => w !== 'pasted text') : where;
        return {
          messageId: 'stated' as const,
          data: { module: mod, where: named, sentence: sentence.text },
          evidence: [...how.map((h) => h.evidence), sentence],
          fixes: fixesFor(host, mod, [], false),
          devices: [],
        };
      });
    if (withDriver.length === 0) return ctx.unable('driversUnknown', { modules: [...bl.keys()] });
    const byModule = new Map<string, typeof withDriver>();
    for (const d of withDriver) {
      const m = moduleOfDriver(d.driver!);
      if (bl.has(m)) byModule.set(m, [...(byModule.get(m) ?? []), d]);
    }
    const out: DraftOf<typeof messages>[] = [];
    for (const [mod, devs] of byModule) {
      const how = bl.get(mod)!;
      const builtin = f.modulesBuiltin?.includes(mod);
      const files = how.filter((h) => h.how === 'modprobe.d').map((h) => h.evidence.source);
      const oldImage = files.length ? imageOlderThan(host, files) : undefined;
      const installs = f.modprobe.filter((d) => d.kind === 'install' && new RegExp(`\\b${mod}\\b`).test(d.args) && d.module !== mod);
      const cause: Cause = builtin
        ? { kind: 'builtin' }
        : how.some((h) => h.how === 'module_blacklist')
          ? { kind: 'refused' }
          : oldImage
            ? { kind: 'oldImage', image: oldImage }
            : { kind: 'alias', installs: installs.length };
      const fixes = fixesFor(host, mod, devs.map((d) => d.bdf), !!builtin);
      out.push({
        messageId: 'ineffective',
        data: {
          module: mod,
          where: [...new Set(how.map((h) => (h.how === 'modprobe.d' ? h.evidence.source : `${h.how}= on the command line`)))],
          devices: devs.map((d) => describeDevice(d)),
          cause,
        },
        evidence: [...how.map((h) => h.evidence), ...installs.map((d) => d.evidence), ...devs.flatMap((d) => d.evidence.filter((e) => /Kernel driver in use|driver=/.test(e.text)).slice(0, 1))],
        fixes,
        devices: devs.map((d) => d.bdf),
      });
    }
    return out;
  },
});

/** Bind by ID when the driver is built in; otherwise rebuild the initramfs (per generator), or refuse the module outright. */
function fixesFor(host: Host, mod: string, bdfs: string[], builtin: boolean): Fix[] {
  const fixes: Fix[] = [];
  const funcs = slotFunctions(host, bdfs);
  if (builtin) fixes.push(...bindFixes(host, ID, funcs));
  else {
    for (const [i, gen] of generatorsOf(host).entries())
      fixes.push({
        id: `${ID}/rebuild-${gen}`,
        title: tr('Rebuild the initramfs so it carries the blacklist', '重新生成 initramfs，让它带上黑名单'),
        variant: GENERATOR_LABEL[gen],
        recommended: i === 0,
        needsReboot: true,
        needsInitramfs: true,
        warnings: gen === 'mkinitcpio' ? [tr('The blacklist reaches the image only through the modconf hook; also remove the driver from MODULES and note that the kms hook adds GPU drivers.', '黑名单只有通过 modconf hook 才会进入镜像；还要把该驱动从 MODULES 中删掉，并注意 kms hook 会加入显卡驱动。')] : [],
        steps: [rebuildStep(gen), { kind: 'reboot', description: tr('The new image applies at the next boot.', '新镜像在下次开机时生效。') }, { kind: 'verify', description: tr(`${mod} is not loaded`, `${mod} 没有加载`), argv: ['sh', '-c', `lsmod | grep -w ${mod} || echo not loaded`] }],
      });
    fixes.push(...cmdlineFixes(host, `${ID}/cmdline`, tr(`Refuse ${mod} on the kernel command line (module_blacklist=${mod})`, `在内核命令行上拒绝加载 ${mod}(module_blacklist=${mod})`), { add: [`module_blacklist=${mod}`] }).map((x) => ({ ...x, recommended: false, warnings: [...x.warnings, tr(`module_blacklist= stops ${mod} for every device: only if the host never needs it.`, `module_blacklist= 会让所有设备都用不了 ${mod}：仅在宿主机永远不需要它时使用。`)] })));
  }
  return fixes;
}
