// J3: module or initramfs configuration changed after the initramfs was built, so early boot still runs the old settings.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { InitramfsGenerator } from '../../src/schema/facts';
import type { Fix } from '../../src/schema/fix';
import { generatorsOf, rebuildStep, verifyInitramfsStep, GENERATOR_LABEL } from '../../src/engine/fixes/initramfs';
import { zh } from './zh';

const ID = 'initramfs-stale';
// Files that end up in (or shape) the initramfs. /etc/modules and modules-load.d are read from the root file system: not here.
const CONFIG = /^\/etc\/(?:modprobe\.d\/[^/]+\.conf|initramfs-tools\/(?:modules|initramfs\.conf|conf\.d\/[^/]+|scripts\/[^/]+\/[^/]+)|mkinitcpio\.conf(?:\.d\/[^/]+\.conf)?|dracut\.conf(?:\.d\/[^/]+\.conf)?|booster\.yaml)$/;
const IMAGE = /^\/boot\/(?:initrd\.img-.+|initramfs-.+\.img|booster-.+\.img)$/;
export const messages = {
  stated: ({ files, said }: { files: string[]; said: string }) =>
    `You say the change to ${files.join(', ')} took effect only once the initramfs was rebuilt ("${said}"; stated — the file and image times were not given). That is this fault: the initramfs carries its own copy of these files, so until it is rebuilt early boot runs the configuration it was built with. Rebuild it after every change to /etc/modprobe.d or the initramfs configuration (some setups do it for you on package updates, not on your edits).`,
  stale: ({ newer, images }: { newer: string[]; images: string[] }) =>
    `${newer.join(', ')} ${newer.length > 1 ? 'were' : 'was'} changed after ${images.join(', ')} ${images.length > 1 ? 'were' : 'was'} built. The initramfs carries its own copy of these files, so early boot — where vfio-pci has to claim the card before the GPU driver — still runs the old configuration until the image is rebuilt.`,
  noTimes: () => 'file modification times are only known on the live host or from a vfio-doctor support bundle (vfio-doctor collect)',
  noImage: () => 'no initramfs image was found in /boot to compare with (or its time is unknown)',
  nothingFound: () => 'no initramfs image in /boot and no initramfs or modprobe configuration were found to compare',
};

const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace('T', ' ');

function generatorOfFile(p: string): InitramfsGenerator | undefined {
  if (p.startsWith('/etc/initramfs-tools/')) return 'initramfs-tools';
  if (p.startsWith('/etc/mkinitcpio')) return 'mkinitcpio';
  if (p.startsWith('/etc/dracut')) return 'dracut';
  if (p === '/etc/booster.yaml') return 'booster';
  return undefined;
}

/**
 * No file times, but the user says plainly that a change of these files took effect only through rebuilding the
 * initramfs ("it requires the users to run `sudo update-initramfs -u` for the changes to be applied"): the image was
 * older than its configuration. Info, not a warning: the sentence tells what happened, not that the image is stale now.
 */
function statedStale(host: Host): DraftOf<typeof messages>[] | undefined {
  const f = host.facts;
  const said = f.mentions['initramfs-rebuild-needed'];
  if (!said) return undefined;
  const files = [...new Set([...f.modprobe.map((d) => d.evidence.source), ...f.configFiles.map((c) => c.path)])].filter((p) => CONFIG.test(p));
  if (files.length === 0) return undefined;
  const fromFiles = [...new Set(files.map(generatorOfFile).filter((g): g is InitramfsGenerator => !!g))];
  const gens = host.initramfs.value ? [host.initramfs.value] : fromFiles.length ? fromFiles : generatorsOf(host);
  return [
    {
      severity: 'info',
      messageId: 'stated',
      data: { files, said: said.text.trim() },
      evidence: [said, ...f.modprobe.filter((d) => files.includes(d.evidence.source)).map((d) => d.evidence).slice(0, 3)],
      fixes: gens.map((gen, i) => ({
        id: `${ID}/${gen}`,
        title: 'Rebuild the initramfs',
        variant: GENERATOR_LABEL[gen],
        recommended: i === 0,
        needsReboot: true,
        needsInitramfs: true,
        warnings: [],
        steps: [rebuildStep(gen), { kind: 'reboot', description: 'Early boot uses the rebuilt image from the next boot.' }, verifyInitramfsStep(gen, host.kernel?.release, host.facts.cmdline)],
      })),
    },
  ];
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'J3',
    title: 'The initramfs is older than its configuration',
    severity: 'warning',
    category: 'config',
    summary: 'A modprobe.d or initramfs configuration file changed after the initramfs was built: the change does not apply at early boot until the image is rebuilt.',
    docs: ['https://wiki.archlinux.org/title/Mkinitcpio#Image_creation_and_activation', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['initramfs', 'update-initramfs', 'mkinitcpio -P', 'dracut -f', 'rebuild', 'not applied', 'stale', 'modprobe.d'],
    // No requires: file times are no input a paste can give (only the live host or a bundle), so its reasons stay its own.
    messages,
    zh,
  },
  check(host, ctx) {
    const t = host.facts.mtimes;
    const configs = Object.keys(t).filter((p) => CONFIG.test(p));
    const allImages = Object.keys(t).filter((p) => IMAGE.test(p) && !/fallback/.test(p));
    if (Object.keys(t).length === 0) {
      const said = statedStale(host);
      if (said) return said;
    }
    // Collected (this host, a bundle) yet no time at all: neither an image nor a configuration file exists there.
    if (Object.keys(t).length === 0) return host.facts.collected ? ctx.unable('nothingFound') : ctx.unable('noTimes');
    if (allImages.length === 0) return ctx.unable('noImage');
    if (configs.length === 0) return [];
    // The running kernel's image when it can be told; otherwise every image (mkinitcpio names them after the package).
    const rel = host.kernel?.release;
    const mine = rel ? allImages.filter((p) => p.includes(rel)) : [];
    const images = mine.length ? mine : allImages;
    const stale = images.map((img) => ({ img, newer: configs.filter((c) => t[c]! > t[img]! + 1000).sort() })).filter((s) => s.newer.length > 0);
    if (stale.length === 0) return [];
    const newer = [...new Set(stale.flatMap((s) => s.newer))];
    const fromFiles = [...new Set(newer.map(generatorOfFile).filter((g): g is InitramfsGenerator => !!g))];
    const gens = host.initramfs.value ? [host.initramfs.value] : fromFiles.length ? fromFiles : generatorsOf(host);
    const fixes: Fix[] = gens.map((gen, i) => ({
      id: `${ID}/${gen}`,
      title: 'Rebuild the initramfs',
      variant: GENERATOR_LABEL[gen],
      recommended: i === 0,
      needsReboot: true,
      needsInitramfs: true,
      warnings: [],
      steps: [rebuildStep(gen), { kind: 'reboot', description: 'Early boot uses the rebuilt image from the next boot.' }, verifyInitramfsStep(gen, rel, host.facts.cmdline)],
    }));
    return [
      {
        messageId: 'stale',
        data: { newer, images: stale.map((s) => s.img) },
        evidence: [...newer.map((p) => ({ source: p, text: `modified ${when(t[p]!)}` })), ...stale.map((s) => ({ source: s.img, text: `built ${when(t[s.img]!)}` }))],
        fixes,
      },
    ];
  },
});
