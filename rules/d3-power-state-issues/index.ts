// H3: the device is stuck in D3 (cold): the kernel cannot wake it and config space reads return all ones.
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { describeDevice } from '../../src/engine/describe';
import { hasParam } from '../../src/parse/cmdline';
import { shortBdf } from '../../src/parse/bdf';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'd3-power-state-issues';
// drivers/pci/pci.c: pci_err(dev, "Unable to change power state from %s to D0, device inaccessible\n", …);
// "Refused to change power state, currently in D3" (older) / "… from D3hot to D0" (newer). Going *to* D3 is benign.
// D3\w{0,8}: bounded, so a long word after many "from D3" is not read again from each of them.
const STUCK = /Unable to change power state from D3(?:hot|cold) to D0, device inaccessible|[Rr]efused to change power state(?:, currently in D3| from D3\w{0,8} to D0)/;
const BDF = /([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])/;

export const messages = {
  stuck: ({ devices, header127, already }: { devices: string[]; header127: boolean; already: boolean }) =>
    [
      `${devices.length ? devices.join(', ') : 'The device'} could not be woken from D3 to D0${header127 ? '; libvirt read "header type 127" because config space returns all ones' : ''}. The device is powered off (D3cold) or gone from the bus, so the VM cannot start or gets a dead card.`,
      already
        ? 'vfio-pci.disable_idle_d3=1 is already set, so vfio-pci is not the one parking it: look at runtime power management of the device and its bridge (power/control), ASPM and firmware settings.'
        : 'vfio-pci puts idle devices into D3 by default; vfio-pci.disable_idle_d3=1 keeps them in D0, and writing "on" to the device’s power/control stops runtime power management.',
    ].join(' '),
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'H3',
    title: 'The device is stuck in a D3 power state',
    severity: 'warning',
    category: 'reset-power',
    summary: 'The kernel cannot bring the device back from D3 to D0 (libvirt then reads header type 127): runtime power management or the platform left it off.',
    docs: ['https://docs.kernel.org/power/pci.html'],
    keywords: ['D3cold', 'D3hot', 'power state', 'device inaccessible', 'header type 127', 'disable_idle_d3', 'runtime pm', 'power/control'],
    consequenceOf: ['laptop-muxless-dgpu'],
    requires: [{ anyOf: ['kernelLog', 'qemuLog'] }],
    reads: { log: ['Unable to change power state from D3', 'Refused to change power state', 'refused to change power state'] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const logs = host.log(STUCK);
    // The kernel-log parser also files these lines as QEMU "d3" errors; keep only the non-kernel ones from there.
    const seen = new Set(logs.map((l) => `${l.evidence.source}:${l.evidence.line}`));
    const qemu = f.qemuErrors.filter((e) => (e.kind === 'header-127' || (e.kind === 'd3' && !/from D0 to D3/i.test(e.evidence.text))) && !seen.has(`${e.evidence.source}:${e.evidence.line}`));
    if (logs.length === 0 && qemu.length === 0) return []; // with neither a kernel log nor a QEMU error the engine says so
    const bdfs = [...new Set([...logs.map((l) => BDF.exec(l.message)?.[1]), ...qemu.map((e) => e.bdf)].filter((b): b is string => !!b))];
    const names = bdfs.map((b) => (host.device(b) ? describeDevice(host.device(b)!) : shortBdf(b)));
    const evidence: Evidence[] = [...logs.map((l) => l.evidence), ...qemu.map((e) => e.evidence)];
    const has127 = qemu.some((e) => e.kind === 'header-127');
    const already = hasParam(f.cmdline, 'vfio_pci.disable_idle_d3', '1') || hasParam(f.cmdline, 'vfio_pci.disable_idle_d3', 'y');
    const bdf = bdfs[0] ?? 'BDF';
    const manual = {
      id: `${ID}/runtime-pm`,
      title: tr('Keep runtime power management off the card', '不让运行时电源管理作用于这张卡'),
      recommended: already,
      needsReboot: false,
      needsInitramfs: false,
      warnings: [],
      steps: [
        { kind: 'command' as const, argv: ['sh', '-c', `echo on > /sys/bus/pci/devices/${bdf}/power/control`], description: tr('Stop runtime power management for the device (until reboot; a udev rule makes it permanent)', '停止这个设备的运行时电源管理（重启前有效；用 udev 规则可以持久生效）'), root: true },
        { kind: 'manual' as const, description: tr('If it persists: disable PCIe ASPM / "deep sleep" options for the slot in the firmware, update the BIOS, and make sure the card gets its auxiliary power.', '如果问题依旧：在固件里关闭这个插槽的 PCIe ASPM / "deep sleep" 选项，更新 BIOS，并确认显卡的辅助供电已接好。') },
        { kind: 'verify' as const, description: tr('The device reports D0', '设备报告处于 D0'), argv: ['cat', `/sys/bus/pci/devices/${bdf}/power_state`], expect: 'D0' },
      ],
    };
    const fixes = already ? [manual] : [...cmdlineFixes(host, ID, tr('Keep idle vfio-pci devices in D0 (vfio-pci.disable_idle_d3=1)', '让空闲的 vfio-pci 设备保持在 D0（vfio-pci.disable_idle_d3=1）'), { add: ['vfio-pci.disable_idle_d3=1'] }), manual];
    return [{ messageId: 'stuck', data: { devices: names, header127: has127, already }, evidence, fixes, devices: bdfs }];
  },
});
