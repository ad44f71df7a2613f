// Boot loader and initramfs generator detection from small sysroots: installed programs, leftover folders, Proxmox ESPs.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { collectHost } from '../../src/collect/index';
import { hostFrom, paste } from '../harness';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import type { Fix } from '../../src/schema/fix';
import { runRules } from '../../src/engine/run';
import { rule as drift } from '../../rules/cmdline-config-drift/index';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A sysroot holding exactly these files (programs are empty files: collection only stats them). */
async function sysrootHost(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'vfio-doctor-boot-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return hostFrom(await collectHost({ root }));
}

const DEBIAN = { '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n', '/proc/cmdline': 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e ro quiet\n' };
// What Debian leaves after `apt install dracut` removes initramfs-tools: its conffiles stay in /etc/initramfs-tools.
const ITOOLS_LEFTOVERS = { '/etc/initramfs-tools/initramfs.conf': 'MODULES=most\n', '/etc/initramfs-tools/modules': '# List of modules\n' };

describe('initramfs generator: the installed program outranks configuration folders', () => {
  it('Debian after dracut replaced initramfs-tools (leftover /etc/initramfs-tools, no dracut.conf.d): dracut', async () => {
    const host = await sysrootHost({ ...DEBIAN, ...ITOOLS_LEFTOVERS, '/usr/bin/dracut': '' });
    expect(host.initramfs.value).toBe('dracut');
    expect(host.initramfs.reason).toContain('/usr/bin/dracut');
  });
  it('Debian with initramfs-tools installed and a stray dracut.conf.d file: initramfs-tools', async () => {
    const host = await sysrootHost({ ...DEBIAN, ...ITOOLS_LEFTOVERS, '/etc/dracut.conf.d/10-x.conf': 'compress="zstd"\n', '/usr/sbin/update-initramfs': '' });
    expect(host.initramfs.value).toBe('initramfs-tools');
  });
  it('dracut installed in /usr/sbin counts as dracut', async () => {
    const host = await sysrootHost({ ...DEBIAN, ...ITOOLS_LEFTOVERS, '/usr/sbin/dracut': '' });
    expect(host.initramfs.value).toBe('dracut');
  });
  it('Arch with mkinitcpio and dracut both installed: the configuration decides, the other stays a candidate', async () => {
    const host = await sysrootHost({ '/etc/os-release': 'ID=arch\n', '/etc/mkinitcpio.conf': 'MODULES=()\nHOOKS=(base udev autodetect modconf kms block filesystems fsck)\n', '/usr/bin/mkinitcpio': '', '/usr/bin/dracut': '' });
    expect(host.initramfs.value).toBe('mkinitcpio');
    expect(host.initramfs.candidates).toEqual(['mkinitcpio', 'dracut']);
  });
  it('two programs and no configuration that names one: unknown, both candidates', async () => {
    const host = await sysrootHost({ '/etc/os-release': 'ID=gentoo\n', '/usr/bin/dracut': '', '/usr/bin/booster': '' });
    expect(host.initramfs.value).toBeUndefined();
    expect([...host.initramfs.candidates].sort()).toEqual(['booster', 'dracut']);
  });
  it('no program seen (older bundle, odd layout): configuration as before', async () => {
    const host = await sysrootHost({ ...DEBIAN, ...ITOOLS_LEFTOVERS });
    expect(host.initramfs.value).toBe('initramfs-tools');
  });
  it('pasted text says nothing about programs: configuration as before', () => {
    const host = hostFrom(paste('$ cat /etc/os-release', 'ID=debian', '$ cat /etc/initramfs-tools/modules', 'vfio_pci'));
    expect(host.initramfs.value).toBe('initramfs-tools');
  });
});

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));
const edited = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'edit' ? [s.path] : []));
const PVE = { '/etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n', '/etc/kernel/proxmox-boot-uuids': 'D34B-A25D\n', '/usr/sbin/proxmox-boot-tool': '', '/usr/sbin/update-initramfs': '' };
const GRUB_DEFAULT = 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="root=ZFS=rpool/ROOT/pve-1 boot=zfs"\n';

describe('Proxmox: proxmox-boot-tool with GRUB or systemd-boot on the synced ESPs', () => {
  it('GRUB on synced ESPs (BOOT_IMAGE= in /proc/cmdline): edit /etc/default/grub, then proxmox-boot-tool refresh, not update-grub', async () => {
    const host = await sysrootHost({
      ...PVE,
      '/etc/default/grub': GRUB_DEFAULT,
      '/etc/kernel/cmdline': 'root=ZFS=rpool/ROOT/pve-1 boot=zfs\n',
      '/proc/cmdline': 'BOOT_IMAGE=/ROOT/pve-1@/boot/vmlinuz-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 ro root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\n',
    });
    expect(host.bootLoader.value).toBe('grub');
    const fix = cmdlineFixes(host, 'x', 'IOMMU on', { add: ['intel_iommu=on'] })[0]!;
    expect(edited(fix)).toEqual(['/etc/default/grub']);
    expect(commands(fix)).toEqual(['proxmox-boot-tool refresh']);
    expect(fix.variant).toContain('proxmox-boot-tool');
  });
  it('systemd-boot on synced ESPs: edit /etc/kernel/cmdline, then proxmox-boot-tool refresh', async () => {
    const host = await sysrootHost({
      ...PVE,
      '/etc/default/grub': GRUB_DEFAULT,
      '/etc/kernel/cmdline': 'root=ZFS=rpool/ROOT/pve-1 boot=zfs\n',
      '/proc/cmdline': 'initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs\n',
    });
    expect(host.bootLoader.value).toBe('proxmox-boot-tool');
    const fix = cmdlineFixes(host, 'x', 'IOMMU on', { add: ['intel_iommu=on'] })[0]!;
    expect(edited(fix)).toEqual(['/etc/kernel/cmdline']);
    expect(commands(fix)).toEqual(['proxmox-boot-tool refresh']);
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit?.kind === 'edit' && edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on');
  });
  it('systemd-boot on synced ESPs without /etc/kernel/cmdline: the file is created from the running line (refresh copies /proc/cmdline otherwise)', async () => {
    const host = await sysrootHost({ ...PVE, '/etc/default/grub': GRUB_DEFAULT, '/proc/cmdline': 'initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs\n' });
    expect(host.bootLoader.value).toBe('proxmox-boot-tool');
    const edit = cmdlineFixes(host, 'x', 'IOMMU on', { add: ['intel_iommu=on'] })[0]!.steps.find((s) => s.kind === 'edit');
    expect(edit?.kind === 'edit' && edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on');
    expect(edit?.kind === 'edit' && edit.diff).not.toContain('initrd=');
  });
  it('synced ESPs, both files, no /proc/cmdline: unknown, both variants offered', async () => {
    const host = await sysrootHost({ ...PVE, '/etc/default/grub': GRUB_DEFAULT, '/etc/kernel/cmdline': 'root=ZFS=rpool/ROOT/pve-1 boot=zfs\n' });
    expect(host.bootLoader.value).toBeUndefined();
    const fixes = cmdlineFixes(host, 'x', 'IOMMU on', { add: ['intel_iommu=on'] });
    expect(fixes.map((f) => edited(f)[0])).toEqual(['/etc/kernel/cmdline', '/etc/default/grub']);
    expect(fixes.map(commands)).toEqual([['proxmox-boot-tool refresh'], ['proxmox-boot-tool refresh']]);
  });
  it('GRUB on synced ESPs, parameter in /etc/default/grub but not running: the drift fix regenerates with proxmox-boot-tool refresh', async () => {
    const host = await sysrootHost({
      ...PVE,
      '/etc/default/grub': GRUB_DEFAULT.replace('"quiet"', '"quiet intel_iommu=on"'),
      '/proc/cmdline': 'BOOT_IMAGE=/ROOT/pve-1@/boot/vmlinuz-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 ro root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet\n',
    });
    const f = runRules([drift], host, { live: true }).findings[0]!;
    expect(f.fixes.flatMap(commands)).toEqual(['proxmox-boot-tool refresh']);
  });
  it('Proxmox on ext4/LVM (GRUB, no synced ESPs): update-grub', async () => {
    const host = await sysrootHost({
      '/etc/os-release': PVE['/etc/os-release'],
      '/usr/sbin/proxmox-boot-tool': '',
      '/etc/default/grub': GRUB_DEFAULT,
      '/proc/cmdline': 'BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet\n',
    });
    expect(host.bootLoader.value).toBe('grub');
    expect(commands(cmdlineFixes(host, 'x', 'IOMMU on', { add: ['intel_iommu=on'] })[0]!)).toEqual(['update-grub']);
  });
});
