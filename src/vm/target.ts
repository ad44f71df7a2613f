// Which host functions a VM needs for the passthrough target: its card's functions and the rest of its IOMMU group.
import type { Host } from '../facts/host';
import { slotFunctions } from '../facts/targets';
import { isBridgeClass } from '../pci/pci-class';
import { shortBdf, slotOf } from '../pci/bdf';
import { tr } from '../i18n/lang';

export type VmTarget = { target: string; bdfs: string[]; reason: string; notes: string[]; guest?: { bus: number; slot: number } } | { error: string };

export function vmTargetDevices(host: Host): VmTarget {
  const gpus = host.targets.gpus;
  if (!gpus.length) return { error: tr(`no passthrough target in the input (${host.targets.reason}); name it with --gpu BDF`, `输入中没有直通目标（${host.targets.reason}）；请用 --gpu BDF 指定`) };
  if (gpus.length > 1 && (host.targets.perCandidate || host.targets.inferred))
    return { error: tr(`several GPUs could be the target (${gpus.map(shortBdf).join(', ')}); choose one with --gpu BDF`, `有多张显卡都可能是目标（${gpus.map(shortBdf).join('、')}）；请用 --gpu BDF 选一张`) };
  const target = gpus[0]!;
  const notes: string[] = [];
  const card = slotFunctions(host, [target]).map((d) => d.bdf);
  const group = host.groupOf(target);
  if (!group)
    notes.push(
      tr(
        'The IOMMU groups are not in the input: only the functions of the card are listed; every other endpoint of its group must go too.',
        '输入中没有 IOMMU 组信息：这里只列出了显卡自己的功能；它所在组里的其他端点设备也必须一起直通。',
      ),
    );
  const others = (group ?? []).filter((b) => !card.includes(b) && !isBridgeClass(host.device(b)?.classCode));
  if (others.length)
    notes.push(
      tr(
        `The group also holds ${others.map(shortBdf).join(', ')} (another device): it must go to vfio-pci and to the VM as well, or the group must be split (see group-not-isolated).`,
        `这个组里还有 ${others.map(shortBdf).join('、')}（另一个设备）：它也必须交给 vfio-pci 并直通给虚拟机，否则就要拆分这个组（见 group-not-isolated）。`,
      ),
    );
  const bdfs = [...new Set([target, ...card, ...others])].sort();
  // Keep the guest slot an existing VM already gives the card, so the output replaces its hostdevs in place.
  // Only a libvirt domain's addresses are libvirt's: a QEMU command line names its buses (busName), not their numbers.
  const g = (host.facts.vms ?? []).filter((v) => v.kind === 'libvirt').flatMap((v) => v.hostdevs).find((h) => slotOf(h.bdf) === slotOf(target) && h.guest)?.guest;
  return { target, bdfs, reason: host.targets.reason, notes, guest: g ? { bus: g.bus, slot: g.slot } : undefined };
}
