// The leftover finder itself: it must catch an English sentence and let code, paths, quotes and host data through.
import { describe, expect, it } from 'vitest';
import { englishRuns, hasChinese } from './english-runs';

describe('englishRuns', () => {
  it('finds English sentences, also inside Chinese text', () => {
    expect(englishRuns('Load vfio-pci before the host drivers of these functions')).toEqual(['before the host drivers of these functions']);
    expect(englishRuns('让 vfio-pci 先加载, then reboot the host。')).toEqual(['then reboot the host']);
  });
  it('lets code, paths, parameters, quotes, tags and names pass', () => {
    expect(englishRuns('重启后,`lsmod | grep vfio` 能列出 vfio_pci')).toEqual([]);
    expect(englishRuns('重启后,01:00 的每个功能都显示 "Kernel driver in use: vfio-pci"')).toEqual([]);
    expect(englishRuns('在 /etc/default/grub 的 GRUB_CMDLINE_LINUX_DEFAULT 中添加 intel_iommu=on iommu=pt')).toEqual([]);
    expect(englishRuns('libvirt 虚拟机的 <hostdev mode subsystem type pci>')).toEqual([]);
    expect(englishRuns('01:00.3 Serial bus controller [10de:1ad7]', ['Serial bus controller'])).toEqual([]);
    expect(englishRuns('在 configuration.nix 中:\n  softdep nvidia pre: vfio-pci\n')).toEqual([]);
  });
  it('hasChinese', () => {
    expect(hasChinese('重新生成 initramfs')).toBe(true);
    expect(hasChinese('Rebuild the initramfs')).toBe(false);
  });
});
