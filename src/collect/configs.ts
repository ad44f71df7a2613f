// Boot and module configuration files, read verbatim so rules can quote them and fixes can diff them.
import type { RawSource } from '../schema/raw-source';
import type { HostIO } from './io';
import { kindOfSource } from '../parse/source-kind';
import { GENERATOR_PROGRAMS } from '../schema/generator-programs';

/** Files read whole: single paths and folders whose matching entries are read. */
const FILES = [
  '/etc/default/grub',
  '/etc/kernel/cmdline',
  '/etc/kernelstub/configuration',
  '/etc/modules',
  '/etc/initramfs-tools/modules',
  '/etc/mkinitcpio.conf',
  '/etc/dracut.conf',
  '/etc/booster.yaml',
  '/boot/refind_linux.conf',
];
const DIRS: [string, RegExp][] = [
  ['/etc/default/grub.d', /\.cfg$/],
  ['/etc/modprobe.d', /\.conf$/],
  ['/etc/modules-load.d', /\.conf$/],
  ['/etc/initramfs-tools/scripts/init-top', /^[\w.-]+$/],
  ['/etc/mkinitcpio.conf.d', /\.conf$/],
  ['/etc/dracut.conf.d', /\.conf$/],
  ['/etc/driverctl.d', /^[\w.:-]+$/],
  ['/boot/loader/entries', /\.conf$/],
  ['/efi/loader/entries', /\.conf$/],
  ['/boot/efi/loader/entries', /\.conf$/],
];
/** Files whose existence alone tells something (boot loader and initramfs detection). */
const MARKERS = [
  '/etc/kernel/proxmox-boot-uuids', '/etc/NIXOS', '/etc/initramfs-tools/initramfs.conf', '/usr/sbin/proxmox-boot-tool', '/usr/bin/grubby', '/usr/sbin/grubby', '/usr/bin/kernelstub', '/boot/grub/grub.cfg', '/boot/grub2/grub.cfg',
  // Which initramfs generator is installed (read by facts/boot-setup.ts detectInitramfs).
  ...GENERATOR_PROGRAMS.map(([, path]) => path),
];

export interface ConfigResult {
  sources: RawSource[];
  paths: string[];
  mtimes: Record<string, number>;
  unreadable: string[];
}

export async function collectConfigs(io: HostIO, release: string | undefined): Promise<ConfigResult> {
  const res: ConfigResult = { sources: [], paths: [], mtimes: {}, unreadable: [] };
  const paths = [...FILES];
  for (const [dir, re] of DIRS) {
    const names = await io.readDir(dir).catch(() => undefined);
    for (const n of names ?? []) if (re.test(n)) paths.push(`${dir}/${n}`);
  }
  await Promise.all(
    paths.map(async (p) => {
      let text: string | undefined;
      try {
        text = await io.readFile(p, 1024 * 1024);
      } catch {
        res.unreadable.push(p);
        return;
      }
      if (text === undefined) return;
      const st = await io.stat(p);
      if (st) res.mtimes[p] = st.mtimeMs;
      res.sources.push({ source: p, kind: kindOfSource(p), text });
    }),
  );
  res.sources.sort((a, b) => (a.source < b.source ? -1 : 1));
  for (const m of MARKERS) if (await io.stat(m)) res.paths.push(m);
  // Initramfs images: their age against the configuration tells whether a rebuild is pending.
  const boot = (await io.readDir('/boot').catch(() => undefined)) ?? [];
  for (const n of boot) {
    if (!/^(initrd\.img-|initramfs-.*\.img$|booster-)/.test(n)) continue;
    if (release && !n.includes(release) && n.startsWith('initrd.img-')) continue;
    const st = await io.stat(`/boot/${n}`);
    if (st) res.mtimes[`/boot/${n}`] = st.mtimeMs;
  }
  return res;
}
