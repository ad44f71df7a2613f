// H2: a passthrough function has no usable reset (reset_method empty or absent), or the VM's start could not reset it.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { kernelAtLeast } from '../../src/facts/host';
import { describeDevice } from '../../src/engine/describe';
import { slotFunctions } from '../../src/engine/fixes/bind-choice';
import { shortBdf } from '../../src/parse/bdf';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'no-reset-method';

/** Who reported the failed reset, in the words of the README's "Messages matched". */
function whoFailed(texts: string[]): string {
  if (texts.some((t) => /Unable to reset PCI device/i.test(t))) return 'libvirt found no FLR, PM reset or bus reset for it';
  if (texts.some((t) => /failed to reset PCI device|error writing '1' to/i.test(t))) return 'its reset failed when the VM was started';
  return 'QEMU found no reset mechanism for it';
}

export const messages = {
  noReset: ({ devices, who }: { devices: string[]; who?: string }) =>
    `${devices.length ? devices.join(', ') : 'A device'} ${devices.length > 1 ? 'have' : 'has'} no usable reset${who ? ` (${who})` : ' (reset_method is empty or absent)'}. Without FLR, a power-management reset or a bus reset, the card keeps its state from the last VM: a guest reboot or a second VM start can hang or show a black screen. A bus (slot) reset works only when every function on that bus is handed to the VM.`,
  unknown: ({ devices }: { devices: string[] }) => `the reset methods of ${devices.join(', ')} are unknown (paste grep . /sys/bus/pci/devices/*/reset_method)`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'H2',
    title: 'A passthrough device has no reset method',
    severity: 'info',
    category: 'reset-power',
    summary: 'reset_method is empty or missing (or libvirt failed to reset the device): the card cannot be put back in a clean state between VM runs.',
    docs: ['https://docs.kernel.org/PCI/sysfs-pci.html', 'https://www.kernel.org/doc/Documentation/ABI/testing/sysfs-bus-pci'],
    keywords: ['reset_method', 'failed to reset', 'flr', 'bus reset', 'vm reboot', 'inappropriate ioctl'],
    // A failed reset in libvirt's or QEMU's words fires without a GPU; only the target's reset_method shows its absence.
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const failed = f.qemuErrors.filter((e) => e.kind === 'reset-failed');
    if (host.targets.gpus.length === 0 && failed.length === 0) return [];
    const funcs = slotFunctions(host, host.targets.gpus);
    // On 5.15+ the reset_method attribute is hidden when no reset is supported (pci_dev_reset_method_attr_is_visible),
    // so on a collected host a missing file means "none"; in a paste it only means "not shown".
    const missingMeansNone = f.collected && kernelAtLeast(host, 5, 15) === true;
    // The card's other functions (audio, USB) are reset with the slot when function 0 has a reset method.
    const slotReset = (bdf: string) => (host.device(bdf.replace(/\.\d$/, '.0'))?.resetMethods?.length ?? 0) > 0;
    const none = funcs.filter((d) => ((d.resetMethods !== undefined && d.resetMethods.length === 0) || (d.resetMethods === undefined && missingMeansNone)) && !(d.bdf.endsWith('.0') === false && slotReset(d.bdf)));
    const failedBdfs = new Set(failed.map((e) => e.bdf).filter((b): b is string => !!b));
    const bdfs = [...new Set([...none.map((d) => d.bdf), ...failedBdfs])];
    if (bdfs.length === 0) {
      if (funcs.length && funcs.every((d) => d.resetMethods === undefined) && failed.length === 0)
        return ctx.unable('unknown', { devices: funcs.map((d) => shortBdf(d.bdf)) });
      if (failed.length === 0) return [];
    }
    const names = bdfs.map((b) => (host.device(b) ? describeDevice(host.device(b)!) : shortBdf(b)));
    return [{
      messageId: 'noReset',
      data: { devices: names, ...(failed.length ? { who: whoFailed(failed.map((e) => e.evidence.text)) } : {}) },
      evidence: [...none.flatMap((d) => d.evidence.slice(0, 1)), ...failed.map((e) => e.evidence)],
      fixes: [
        plainFix(`${ID}/advice`, tr('Make a reset possible, or avoid needing one', '让显卡能够重置，或者避免需要重置'), '', [
            { kind: 'manual', description: tr('Pass every function of the card (VGA, audio, USB, UCSI) to the same VM and bind all of them to vfio-pci, so the kernel can use a secondary bus reset.', '把显卡的每个功能（VGA、音频、USB、UCSI）都交给同一台虚拟机，并全部绑定到 vfio-pci，这样内核就能使用次级总线重置。') },
            { kind: 'manual', description: tr('AMD Polaris/Vega/Navi 10-14 cards: install gnif/vendor-reset (see amd-reset-bug).', 'AMD Polaris/Vega/Navi 10-14 显卡：安装 gnif/vendor-reset（见 amd-reset-bug）。') },
            { kind: 'manual', description: tr('Otherwise shut the VM down instead of rebooting it, and reboot the host when the card hangs.', '否则就关闭虚拟机而不是重启它，显卡卡死时重启宿主机。') },
            { kind: 'verify', description: tr('The card lists a reset method', '显卡列出了重置方法'), argv: ['cat', `/sys/bus/pci/devices/${bdfs[0] ?? 'BDF'}/reset_method`] },
          ], { needsReboot: false }),
      ],
      devices: bdfs,
    }];
  },
});
