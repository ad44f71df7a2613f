// Builds and caches the boot-test guests: a minimal Debian 12 root filesystem made with debootstrap, one disk image per
// variant (initramfs-tools, dracut), keyed by a hash of the recipe so a changed recipe rebuilds and an unchanged one is
// reused by every clone on the machine. The cache lives outside the repository (VFIO_DOCTOR_BOOT_CACHE).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, chroot, log } from './sh.mjs';

export const CACHE = process.env.VFIO_DOCTOR_BOOT_CACHE || '/var/cache/vfio-doctor-boot';
const GUEST = fileURLToPath(new URL('./guest/', import.meta.url));

const BASE_PACKAGES = [
  'linux-image-amd64', 'initramfs-tools', 'pciutils', 'kmod', 'udev', 'systemd-sysv', 'procps',
  // update-grub and its /etc/grub.d scripts, without a boot loader to install (the harness boots the kernel directly).
  'grub-common', 'grub2-common',
];

// Set up inside the chroot once the packages are in. no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer
// check can miss its ticks and panic ("timer doesn't work through Interrupt-remapped IO-APIC", seen in 1 of ~10 boots);
// virtual machines commonly boot with it. /boot/grub is what grub-pc's installation would have made for update-grub. MODULES=list keeps initramfs rebuilds inside a TCG guest at ~40 s
// (MODULES=most did not finish in 14 min); bochs is listed so the display driver is in the initramfs, as GPU drivers are
// on real hosts, which is what makes the order of the init-top scripts matter.
const BASE_SETUP = `
sed -i 's/^MODULES=.*/MODULES=list/' /etc/initramfs-tools/initramfs.conf
printf '%s\\n' virtio_pci virtio_blk ext4 bochs >> /etc/initramfs-tools/modules
echo vfio-guest > /etc/hostname
echo 'LABEL=vfioroot / ext4 errors=remount-ro 0 1' > /etc/fstab
cp /usr/share/grub/default/grub /etc/default/grub
sed -i -e 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"/' \\
       -e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0 no_timer_check"/' /etc/default/grub
mkdir -p /boot/grub
passwd -d root
systemctl mask serial-getty@ttyS0.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer 2>/dev/null || true
systemctl enable vfio-check.service
update-initramfs -u -k all
`;

const DRACUT_SETUP = `
apt-get update -q
apt-get install -y -q dracut
# apt removes initramfs-tools for dracut but keeps /etc/initramfs-tools, and vfio-doctor then takes the host for an
# initramfs-tools one (seen in the boot test): purge it, as a host that really moved to dracut would.
dpkg --purge initramfs-tools initramfs-tools-core
# Host-only images stay small enough to rebuild inside the guest (no stripping or hard-linking: minutes under TCG);
# bochs in the image for the same reason as above.
printf '%s\\n' 'hostonly="yes"' 'hostonly_mode="sloppy"' 'add_drivers+=" virtio_pci virtio_blk ext4 bochs "' 'compress="gzip"' 'do_strip="no"' 'hardlink="no"' 'hostonly_cmdline="no"' 'omit_dracutmodules+=" i18n terminfo plymouth "' > /etc/dracut.conf.d/10-boot-test.conf
dracut -f --regenerate-all
apt-get clean
`;

// systemd-boot: kernel-install's loader entries on an ESP the guest mounts at /efi. Debian's systemd-boot package runs
// kernel-install from /etc/kernel/postinst.d and /etc/initramfs/post-update.d, so update-initramfs refreshes the entry.
// The ESP is filled here in a plain folder (SYSTEMD_RELAX_ESP_CHECKS) and copied into a FAT image by the host.
export const ESP_UUID = '5EB0-07E5';
const SDBOOT_SETUP = `
apt-get update -q
apt-get install -y -q systemd-boot
echo 2a5c1e1f0b6d4c3a9e8f7a6b5c4d3e2f > /etc/machine-id
# The IOMMU off (Debian's kernel turns it on by default, so leaving intel_iommu=on out is not enough): the systemd-boot
# scenario has the fix turn it on through /etc/kernel/cmdline. No GRUB configuration beside it.
echo 'root=LABEL=vfioroot ro console=ttyS0 no_timer_check quiet intel_iommu=off' > /etc/kernel/cmdline
rm -f /etc/default/grub
echo 'UUID=${ESP_UUID} /efi vfat umask=0077 0 2' >> /etc/fstab
apt-get clean
`;
// Run with a tmpfs on /efi (bootctl wants the root of a file system there; the FAT type check is relaxed).
const SDBOOT_ESP = `
export SYSTEMD_RELAX_ESP_CHECKS=1
bootctl install --esp-path=/efi --no-variables --graceful
printf 'timeout 0\\nconsole-mode keep\\n' > /efi/loader/loader.conf
ver=$(ls /boot/vmlinuz-* | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
kernel-install add "$ver" "/boot/vmlinuz-$ver" "/boot/initrd.img-$ver"
find /efi -type f | sort
`;

/** The variants: how each is made. The hash of this table (and the guest files) names its cache folder. */
export const VARIANTS = {
  bootstrap: { packages: BASE_PACKAGES, disk: false },
  base: { from: 'bootstrap', setup: BASE_SETUP, disk: true },
  dracut: { from: 'base', setup: DRACUT_SETUP, disk: true },
  sdboot: { from: 'base', setup: SDBOOT_SETUP, disk: true, esp: SDBOOT_ESP },
};

// Only the unit is baked into the image; the check script it runs comes over 9p, so editing it rebuilds nothing.
const BAKED = ['vfio-check.service'];
function guestFiles() {
  return BAKED.map((f) => [f, readFileSync(join(GUEST, f), 'utf8')]);
}

export function recipeHash(name) {
  const v = VARIANTS[name];
  const parts = [name, JSON.stringify(v), v.setup ? JSON.stringify(guestFiles()) : '', v.from ? recipeHash(v.from) : ''];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
}

/** The Debian mirror this machine's apt uses (deb822 .sources first, then sources.list), never a name of our own. */
export function hostMirror() {
  const dir = '/etc/apt/sources.list.d';
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sources')).map((f) => join(dir, f)) : [];
  for (const f of files) {
    for (const stanza of readFileSync(f, 'utf8').split(/\n\s*\n/)) {
      const get = (k) => stanza.match(new RegExp(`^${k}:\\s*(.+)$`, 'mi'))?.[1].trim();
      if (/^\s*Enabled:\s*no/mi.test(stanza)) continue;
      const suites = get('Suites') ?? '';
      const uri = get('URIs')?.split(/\s+/)[0];
      if (uri && /\bdeb\b/.test(get('Types') ?? '') && /(^|\s)(bookworm|stable)(\s|$)/.test(suites) && !/security/.test(uri)) return uri;
    }
  }
  if (existsSync('/etc/apt/sources.list')) {
    for (const line of readFileSync('/etc/apt/sources.list', 'utf8').split('\n')) {
      const m = line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(bookworm|stable)\s/);
      if (m && !/security/.test(m[1])) return m[1];
    }
  }
  return undefined;
}

const MOUNTS = ['proc', 'sys', 'dev', 'dev/pts'];
// Mounts in place now: released on every exit, also when a signal ends the harness in the middle of a build.
const active = [];
const release = (path) => {
  run(['umount', '-l', path], { allowFail: true });
  const i = active.lastIndexOf(path);
  if (i >= 0) active.splice(i, 1);
};
process.on('exit', () => {
  for (const p of [...active].reverse()) release(p);
});
function mount(argv) {
  run(['mount', ...argv]);
  active.push(argv.at(-1));
}

function withChrootMounts(root, fn) {
  const mounted = [];
  try {
    for (const m of MOUNTS) {
      mkdirSync(join(root, m), { recursive: true });
      mount(m === 'proc' ? ['-t', 'proc', 'proc', join(root, m)] : ['--bind', `/${m}`, join(root, m)]);
      mounted.push(m);
    }
    copyFileSync('/etc/resolv.conf', join(root, 'etc/resolv.conf'));
    return fn();
  } finally {
    for (const m of mounted.reverse()) release(join(root, m));
  }
}

function installGuestFiles(root) {
  copyFileSync(join(GUEST, 'vfio-check.service'), join(root, 'etc/systemd/system/vfio-check.service'));
}

/** Kernel version, kernel and initramfs of a root filesystem, copied beside the disk for the first direct boot. */
function exportBoot(root, dir) {
  const vers = readdirSync(join(root, 'boot')).filter((f) => f.startsWith('vmlinuz-')).map((f) => f.slice(8)).sort();
  const ver = vers.at(-1);
  if (!ver) throw new Error(`no kernel in ${root}/boot`);
  copyFileSync(join(root, 'boot', `vmlinuz-${ver}`), join(dir, 'vmlinuz'));
  copyFileSync(join(root, 'boot', `initrd.img-${ver}`), join(dir, 'initrd.img'));
  writeFileSync(join(dir, 'version'), `${ver}\n`);
}

/** The ready image of a variant: { dir, disk, vmlinuz, initrd, version }, built first when missing. */
export function ensureImage(name) {
  const v = VARIANTS[name];
  const dir = join(CACHE, `${name}-${recipeHash(name)}`);
  const out = { dir, esp: v.esp ? join(dir, 'esp.raw') : undefined, disk: join(dir, 'disk.raw'), vmlinuz: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.img'), rootfs: join(dir, 'rootfs') };
  const version = () => (v.disk ? readFileSync(join(dir, 'version'), 'utf8').trim() : undefined);
  if (existsSync(join(dir, 'READY'))) {
    writeFileSync(join(dir, 'LAST-USED'), `${new Date().toISOString()}\n`);
    return { ...out, version: version(), cached: true };
  }
  const from = v.from ? ensureImage(v.from) : undefined;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  if (from) {
    log(`image ${name}: copying ${v.from}'s root filesystem`);
    run(['cp', '-a', from.rootfs, out.rootfs]);
  } else {
    const mirror = hostMirror();
    if (!mirror) throw new Error('no Debian bookworm mirror in /etc/apt/sources.list{,.d}: cannot debootstrap');
    log(`image ${name}: debootstrap bookworm (takes ~8 min)`);
    run(['debootstrap', '--variant=minbase', `--include=${v.packages.join(',')}`, 'bookworm', out.rootfs, mirror]);
  }
  if (v.setup) {
    installGuestFiles(out.rootfs);
    log(`image ${name}: setting up`);
    withChrootMounts(out.rootfs, () => chroot(out.rootfs, v.setup));
  }
  if (v.esp) {
    const efi = join(out.rootfs, 'efi');
    mkdirSync(efi, { recursive: true });
    mount(['-t', 'tmpfs', 'tmpfs', efi]);
    try {
      withChrootMounts(out.rootfs, () => chroot(out.rootfs, v.esp));
      makeEsp(efi, join(dir, 'esp.raw'));
    } finally {
      release(efi);
    }
  }
  if (v.disk) {
    exportBoot(out.rootfs, dir);
    log(`image ${name}: making the disk`);
    run(['mkfs.ext4', '-q', '-F', '-L', 'vfioroot', '-d', out.rootfs, out.disk, '4G']);
  }
  writeFileSync(join(dir, 'READY'), `${new Date().toISOString()} ${Math.round((Date.now() - t) / 1000)}s\n`);
  log(`image ${name}: ready in ${Math.round((Date.now() - t) / 1000)} s`);
  return { ...out, version: version(), cached: false };
}

/**
 * A GPT disk holding one EFI system partition with the contents of the folder EFI:
 * made without loop devices, which these hosts lack: sfdisk writes the table into the file, mkfs.vfat and mtools work at
 * the partition's offset.
 */
function makeEsp(efi, file) {
  run(['truncate', '-s', '300M', file]);
  run(['sfdisk', '-q', file], { input: 'label: gpt\nstart=2048, type=uefi, name=ESP\n' });
  run(['mkfs.vfat', '-F', '32', '-i', ESP_UUID.replace('-', ''), '-n', 'ESP', '--offset', '2048', file, String(299 * 1024)]);
  run(['sh', '-c', `cd "${efi}" && mcopy -s -i "${file}@@1M" ./* ::/`]);
}

/** Drops cached images of other recipes unused for a day (a run from another clone may still be using younger ones). */
export function pruneCache() {
  if (!existsSync(CACHE)) return;
  const keep = new Set(Object.keys(VARIANTS).map((n) => `${n}-${recipeHash(n)}`));
  for (const e of readdirSync(CACHE)) {
    const p = join(CACHE, e);
    const used = [join(p, 'LAST-USED'), join(p, 'READY'), p].find((f) => existsSync(f));
    if (!keep.has(e) && /^[a-z]+-[0-9a-f]{12}$/.test(e) && statSync(p).isDirectory() && Date.now() - statSync(used).mtimeMs > 86_400_000) {
      log(`cache: removing old image ${e}`);
      rmSync(p, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const n of process.argv.slice(2)) console.log(JSON.stringify(ensureImage(n)));
}
