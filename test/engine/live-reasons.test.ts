// "Could not check" on the live host (issue 15, live run): nothing the collector reads itself is asked to be pasted.
import { describe, expect, it } from 'vitest';
import { liveReason } from '../../src/engine/live-reasons';
import { diagnose } from '../../src/index';
import { summariseUnable, groupLine } from '../../src/render/unable-summary';

describe('live-host reasons', () => {
  it('say what this host lacks instead of what to paste, for what the collector reads', () => {
    expect(liveReason('which modules are loaded is unknown (paste lsmod or /proc/modules)')).toBe('which modules are loaded is unknown on this host');
    expect(liveReason('no initramfs configuration was given (/etc/mkinitcpio.conf, /etc/dracut.conf.d/*.conf or /etc/initramfs-tools/modules)')).toBe('no initramfs configuration was found on this host');
    expect(liveReason('no module-loading configuration was given (/etc/modules, /etc/mkinitcpio.conf) and no mkinitcpio/dracut output')).toBe('no module-loading configuration was found on this host and no mkinitcpio/dracut output');
    expect(liveReason('no boot configuration (/etc/default/grub, /etc/kernel/cmdline) was given (paste cat /etc/default/grub)')).toBe('no boot configuration was found on this host');
    // What the collector does not read (a VM's log) may still be pasted; a reason naming nothing is left alone.
    const vm = 'no QEMU or libvirt error was given (paste the VM log from /var/log/libvirt/qemu/ or QEMU\'s own output)';
    expect(liveReason(vm)).toBe(vm);
    // On the live host the host is the input.
    expect(liveReason('no GPU was found in the input')).toBe('no GPU was found on this host');
    expect(liveReason('whether 01:00.1 is meant for vfio-pci is unknown (no driver and no vfio-pci configuration for it in the input; pass --gpu to say so)')).toBe('whether 01:00.1 is meant for vfio-pci is unknown (no driver and no vfio-pci configuration for it on this host; pass --gpu to say so)');
  });

  it('a live report of a sparse host asks to paste nothing the collector reads', () => {
    const sources = [
      { source: '/proc/cmdline', kind: 'cmdline' as const, text: 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet\n' },
      { source: '/proc/cpuinfo', kind: 'auto' as const, text: 'vendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n' },
    ];
    const live = diagnose(sources, { live: true, source: { kind: 'live' } });
    const paste = diagnose(sources, { live: false });
    const lines = (r: typeof live) => summariseUnable(r).groups.map((g) => groupLine(g, undefined, 200)).join('\n') + r.unableToCheck.map((u) => u.reason).join('\n');
    expect(lines(paste)).toMatch(/paste[^\n]*(?:lsmod|mkinitcpio|cat \/etc\/default\/grub)/);
    expect(lines(live)).not.toMatch(/paste[^\n]*(?:lsmod|mkinitcpio|initramfs-tools|cat \/etc\/default\/grub|vfio-doctor collect)/);
    // No GPU: the target line says where it was looked for.
    expect(live.targets.reason).toBe('no GPU was found on this host');
    expect(paste.targets.reason).toBe('no GPU was found in the input');
  });
});

import { withLang } from '../../src/i18n/lang';
describe('live reasons in Chinese', () => {
  it('drop what the collector read and say it was not found on this host', () => {
    expect(withLang('zh', () => liveReason('未提供已加载模块列表（请粘贴：lsmod）'))).toBe('这台宿主机上没有找到已加载模块列表');
    expect(liveReason('输入中没有找到显卡')).toBe('这台宿主机上没有找到显卡');
    expect(liveReason('未提供 QEMU 或 libvirt 的报错（请粘贴：/var/log/libvirt/qemu/ 下的虚拟机日志，或 QEMU 自己的输出）')).toBe('未提供 QEMU 或 libvirt 的报错（请粘贴：/var/log/libvirt/qemu/ 下的虚拟机日志，或 QEMU 自己的输出）');
  });
});
