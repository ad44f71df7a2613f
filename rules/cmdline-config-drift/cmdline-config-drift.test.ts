// cmdline-config-drift: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const commands = (fix: Fix) => fix.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.join(' ')] : []));

const grub = (value: string) => ['$ cat /etc/default/grub', 'GRUB_DEFAULT=0', 'GRUB_TIMEOUT=5', `GRUB_CMDLINE_LINUX_DEFAULT="${value}"`, 'GRUB_CMDLINE_LINUX=""'];
const running = (extra: string) => ['$ cat /proc/cmdline', `BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c-4b2d-49e7-a5c1-7d9b0e2f4a68 ro quiet${extra}`];

// Proxmox VE 8 on ZFS boots with systemd-boot via proxmox-boot-tool: /etc/default/grub is not read.
const proxmox = (kernelCmdline: string, procCmdline: string, grubValue?: string) => [
  'root@pve:~# uname -r',
  '6.8.12-4-pve',
  ...(grubValue ? ['root@pve:~# cat /etc/default/grub', 'GRUB_DEFAULT=0', `GRUB_CMDLINE_LINUX_DEFAULT="${grubValue}"`, 'GRUB_CMDLINE_LINUX=""'] : []),
  'root@pve:~# cat /etc/kernel/cmdline',
  kernelCmdline,
  'root@pve:~# cat /proc/cmdline',
  `initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve ${procCmdline}`,
];

type Expect = { severity: 'warning' | 'info'; messageId: string; data: Record<string, unknown>; fix?: string }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'GRUB edited, update-grub or reboot forgotten',
    text: paste(...grub('quiet intel_iommu=on iommu=pt vfio-pci.ids=10de:1e87,10de:10f8'), ...running('')),
    expect: [{ severity: 'warning', messageId: 'notRegenerated', data: { params: ['intel_iommu=on', 'iommu=pt', 'vfio-pci.ids=10de:1e87,10de:10f8'], file: '/etc/default/grub', loaderKnown: true }, fix: 'cmdline-config-drift/regenerate' }],
  },
  {
    name: 'Proxmox systemd-boot: intel_iommu=on written to /etc/default/grub, which this loader never reads',
    text: paste(...proxmox('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet', 'quiet intel_iommu=on iommu=pt')),
    expect: [{ severity: 'warning', messageId: 'wrongFile', data: { params: ['intel_iommu=on', 'iommu=pt'], file: '/etc/default/grub', loader: 'proxmox-boot-tool', target: 'kernel-cmdline' }, fix: 'cmdline-config-drift/move/proxmox-boot-tool' }],
  },
  {
    name: 'Proxmox: /etc/kernel/cmdline edited, proxmox-boot-tool refresh not run',
    text: paste(...proxmox('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet')),
    expect: [{ severity: 'warning', messageId: 'notRegenerated', data: { params: ['intel_iommu=on'], file: '/etc/kernel/cmdline' }, fix: 'cmdline-config-drift/regenerate' }],
  },
  {
    name: 'a parameter typed at the boot menu: running, but gone after the next update-grub',
    text: paste(...grub('quiet intel_iommu=on'), ...running(' intel_iommu=on vfio-pci.ids=10de:1b80,10de:10f0')),
    expect: [{ severity: 'info', messageId: 'notConfigured', data: { params: ['vfio-pci.ids=10de:1b80,10de:10f0'], file: '/etc/default/grub' } }],
  },
  // Must not fire.
  { name: 'GRUB and /proc/cmdline agree', text: paste(...grub('quiet intel_iommu=on iommu=pt'), ...running(' intel_iommu=on iommu=pt')), expect: [] },
  { name: 'drift in parameters that do not matter for passthrough (splash, loglevel)', text: paste(...grub('quiet splash loglevel=3 intel_iommu=on'), ...running(' intel_iommu=on')), expect: [] },
  { name: 'Proxmox: /etc/kernel/cmdline and the running kernel agree', text: paste(...proxmox('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on iommu=pt', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on iommu=pt')), expect: [] },
  {
    name: 'GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT both count',
    text: paste('$ cat /etc/default/grub', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"', 'GRUB_CMDLINE_LINUX="intel_iommu=on iommu=pt"', ...running(' intel_iommu=on iommu=pt')),
    expect: [],
  },
  // Unknown is not false.
  { name: 'a grub file without its command-line variables', text: paste('$ cat /etc/default/grub', 'GRUB_DEFAULT=0', 'GRUB_TIMEOUT=5', ...running(' intel_iommu=on')), expect: /sets no kernel command line/ },
  { name: 'no boot configuration was given', text: paste(...running(' intel_iommu=on')), expect: /no boot configuration/ },
  { name: 'no running command line was given', text: paste(...grub('quiet intel_iommu=on')), expect: /no kernel command line was given/ },
];

describe('cmdline-config-drift', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: e.messageId, data: e.data });
      expect(f.fixes[0]?.id).toBe(e.fix);
      expect(f.evidence.length).toBeGreaterThanOrEqual(2);
    });
  });

  it('GRUB regenerate fix: update-grub, reboot, then check /proc/cmdline', () => {
    const r = runRule(rule, paste(...grub('quiet intel_iommu=on'), ...running('')));
    const fix = r.findings[0]!.fixes[0]!;
    expect(commands(fix)).toEqual(['update-grub']);
    expect(fix.steps.map((s) => s.kind)).toEqual(['command', 'reboot', 'verify']);
    expect(fix.steps.at(-1)).toMatchObject({ argv: ['cat', '/proc/cmdline'], description: '/proc/cmdline contains intel_iommu=on' });
  });

  it('Proxmox regenerate fix runs proxmox-boot-tool refresh, not update-grub', () => {
    const r = runRule(rule, paste(...proxmox('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet')));
    expect(commands(r.findings[0]!.fixes[0]!)).toEqual(['proxmox-boot-tool refresh']);
  });

  it('Proxmox move fix: adds the parameters to the single line of /etc/kernel/cmdline and refreshes the ESPs', () => {
    const r = runRule(rule, paste(...proxmox('root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet', 'quiet intel_iommu=on iommu=pt')));
    const fix = r.findings[0]!.fixes[0]!;
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/kernel/cmdline');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet intel_iommu=on iommu=pt');
    expect(commands(fix)).toEqual(['proxmox-boot-tool refresh']);
    expect(r.findings[0]!.fixes.map((x) => x.id)).not.toContain('cmdline-config-drift/move/grub');
  });
});

describe('cmdline-config-drift: spelling', () => {
  it('treats vfio-pci.ids in the config and vfio_pci.ids on the running kernel as the same parameter', () => {
    const r = runRule(rule, paste('$ cat /proc/cmdline', 'BOOT_IMAGE=/vmlinuz-6.8.0 root=/dev/sda1 ro vfio_pci.ids=10de:2204,10de:1aef', '$ cat /etc/default/grub', 'GRUB_CMDLINE_LINUX_DEFAULT="vfio-pci.ids=10de:2204,10de:1aef"'));
    expect(r.findings).toEqual([]);
  });
});

// Fedora 41: GRUB with BLS entries. Each /boot/loader/entries/*.conf has its own options line that grub2-mkconfig does
// not rewrite; grubby --update-kernel=ALL --args=… does (rhboot/grubby grubby-bls, update_bls_fragment).
const fedora = (grubLinux: string, grubDefault?: string) => [
  '$ cat /etc/os-release',
  'NAME="Fedora Linux"',
  'VERSION_ID=41',
  'ID=fedora',
  '$ cat /etc/default/grub',
  'GRUB_TIMEOUT=5',
  'GRUB_ENABLE_BLSCFG=true',
  `GRUB_CMDLINE_LINUX="${grubLinux}"`,
  ...(grubDefault !== undefined ? [`GRUB_CMDLINE_LINUX_DEFAULT="${grubDefault}"`] : []),
  '$ cat /proc/cmdline',
  'BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.11.4-301.fc41.x86_64 root=UUID=5a2c1e7f-9b4d-4c8e-a1f3-6d0b7e2c9a45 ro rootflags=subvol=root rhgb quiet',
];

describe('cmdline-config-drift: GRUB with BLS (Fedora)', () => {
  it('the regenerate fix runs grubby --update-kernel=ALL --args with the missing parameters, not only a reboot', () => {
    const r = runRule(rule, paste(...fedora('rhgb quiet intel_iommu=on iommu=pt')));
    expect(r.host.bootLoader.value).toBe('grub-bls');
    const fix = r.findings[0]!.fixes[0]!;
    expect(fix.id).toBe('cmdline-config-drift/regenerate');
    expect(commands(fix)).toEqual(['grubby --update-kernel=ALL --args=intel_iommu=on iommu=pt']);
    expect(fix.steps.map((s) => s.kind)).toEqual(['command', 'reboot', 'verify']);
  });
});

describe('cmdline-config-drift: systemd-boot with a hand-written entry', () => {
  it('/etc/kernel/cmdline is not read there: the fix puts the parameter on the entry\'s options line', () => {
    const r = runRule(
      rule,
      paste(
        '$ cat /etc/os-release', 'NAME="Arch Linux"', 'ID=arch',
        '$ cat /etc/kernel/cmdline', 'root=PARTUUID=4f6c rw quiet amd_iommu=on',
        '$ cat /proc/cmdline', 'initrd=\\amd-ucode.img initrd=\\initramfs-linux.img root=PARTUUID=4f6c rw quiet',
        '$ cat /boot/loader/entries/arch.conf', 'title   Arch Linux', 'linux   /vmlinuz-linux', 'initrd  /amd-ucode.img', 'initrd  /initramfs-linux.img', 'options root=PARTUUID=4f6c rw quiet',
      ),
    );
    const f = r.findings[0]!;
    expect(r.messages[0]).toMatchObject({ messageId: 'wrongFile', data: { file: '/etc/kernel/cmdline', loader: 'systemd-boot', target: 'loader-entry' } });
    const fix = f.fixes[0]!;
    expect(fix.id).toBe('cmdline-config-drift/move/systemd-boot');
    const edit = fix.steps.find((s) => s.kind === 'edit');
    expect(edit && edit.kind === 'edit' && edit.path).toBe('/boot/loader/entries/arch.conf');
    expect(edit && edit.kind === 'edit' && edit.diff).toContain('+options root=PARTUUID=4f6c rw quiet amd_iommu=on');
    expect(commands(fix)).toEqual([]);
  });
});
