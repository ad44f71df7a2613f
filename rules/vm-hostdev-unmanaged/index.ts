// A libvirt hostdev with managed='no' whose device is still on a host driver: libvirt will not detach it.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice, isHostDriver } from '../../src/engine/describe';
import { shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { domainEditFix } from '../../src/vm/domain-fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'vm-hostdev-unmanaged';

export const messages = {
  unmanaged: ({ vm, devices }: { vm: string; devices: string[] }) =>
    `${vm} passes ${devices.join(', ')} with managed='no', and ${devices.length > 1 ? 'they are' : 'it is'} on a host driver. With managed='no' libvirt does not detach the device from its driver before the VM starts (that is what managed='yes' does); it must already be on vfio-pci, so the VM fails to start (QEMU cannot open the device's VFIO group) or the host driver loses the device mid-use.`,
};

// No VM definition in the input: nothing to check (no `requires`), as every VM rule. Which driver holds the device
// comes from lspci -k or sysfs; without it nothing is said (unknown is not "on a host driver").
export const rule = defineRule({
  meta: {
    id: ID,
    title: "managed='no' hostdev still on a host driver",
    severity: 'error',
    category: 'binding',
    summary: "A <hostdev managed='no'> device that is bound to a host driver: libvirt only detaches managed devices, so nothing moves it to vfio-pci.",
    docs: ['https://libvirt.org/formatdomain.html#host-device-assignment', 'https://www.libvirt.org/manpages/virsh.html#nodedev-detach'],
    keywords: ['managed', "managed='no'", 'nodedev-detach', 'hostdev', 'detach', 'vfio-pci'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      if (vm.kind !== 'libvirt') continue;
      const bad = vm.hostdevs.filter((h) => h.managed === false && isHostDriver(host.device(h.bdf)?.driver));
      if (!bad.length) continue;
      const name = vm.name ?? 'NAME';
      out.push({
        messageId: 'unmanaged',
        data: { vm: vmLabel(vm), devices: bad.map((h) => { const d = host.device(h.bdf); return d ? tr(`${describeDevice(d)} (on ${d.driver})`, describeDevice(d)) : shortBdf(h.bdf); }) },
        evidence: [...bad.map((h) => h.evidence), ...bad.flatMap((h) => host.device(h.bdf)?.evidence.slice(0, 1) ?? [])],
        devices: bad.map((h) => h.bdf),
        fixes: [
          domainEditFix(vm, {
            id: `${ID}/managed`,
            title: tr("Let libvirt detach the devices (managed='yes')", "让 libvirt 自动分离设备（managed='yes'）"),
            recommended: true,
            op: { type: 'set-managed', bdfs: bad.map((h) => h.bdf) },
            description: tr(
              `Set managed='yes' on ${bad.map((h) => shortBdf(h.bdf)).join(', ')}: libvirt then moves them to vfio-pci when ${name} starts and back when it stops`,
              `在 ${bad.map((h) => shortBdf(h.bdf)).join('、')} 上设置 managed='yes'：这样 libvirt 会在 ${name} 启动时把它们交给 vfio-pci，停止后再还给宿主机驱动`,
            ),
          }),
          {
            id: `${ID}/detach`,
            title: tr('Detach the devices by hand before each start', '每次启动前手动分离设备'),
            recommended: false,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [tr('Needed again after every host boot unless vfio-pci claims the devices at boot (vfio-pci.ids).', '除非 vfio-pci 在开机时就接管这些设备（vfio-pci.ids），否则宿主机每次重启后都要重新执行。')],
            steps: bad.map((h) => ({ kind: 'command' as const, argv: ['virsh', 'nodedev-detach', `pci_${h.bdf.replace(/[:.]/g, '_')}`], description: tr(`Move ${shortBdf(h.bdf)} to vfio-pci`, `把 ${shortBdf(h.bdf)} 交给 vfio-pci`), root: true })),
          },
        ],
      });
    }
    return out;
  },
});
