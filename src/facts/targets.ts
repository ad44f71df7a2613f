// Which GPU(s) the user means to pass through: --gpu, else what is bound or configured for vfio, else what a VM names,
// else the non-boot discrete GPU; several such GPUs and nothing naming one: every one is a candidate, checked in turn.
import type { PciDevice } from '../schema/facts';
import { normalizeBdf, shortBdf, slotOf } from '../pci/bdf';
import type { VmDevice } from '../schema/facts';
import { isDisplayClass } from '../pci/pci-class';
import type { Host, Targets } from './host-model';
import { joinList, tr } from '../i18n/lang';
import { zhSpace } from '../i18n/space';

/** Most candidate GPUs checked one by one (the largest real hosts hold 8 or 16 GPUs). */
export const MAX_CANDIDATES = 16;
export type { Targets } from './host-model';

export const idOf = (d: PciDevice) => (d.vendor && d.device ? `${d.vendor}:${d.device}` : undefined);

// Emulated displays of a VM (QEMU stdvga/Bochs, QXL, virtio-gpu, VMware, VirtualBox, Hyper-V) are never real GPUs.
const EMULATED_VENDORS = new Set(['1234', '1b36', '1af4', '15ad', '80ee', '1414']);

/** Integrated GPUs and server management displays are never passthrough targets by default. */
export function isIntegratedOrBmc(d: PciDevice): boolean {
  if (d.vendor === '1a03' || d.vendor === '102b' || d.vendor === '19a2') return true; // ASPEED, Matrox, Emulex BMC displays
  if (!d.vendor && /ASPEED|Matrox|Emulex|QEMU|Bochs|QXL|VMware SVGA|VirtualBox|Hyper-V/i.test(d.name ?? '')) return true;
  if (EMULATED_VENDORS.has(d.vendor ?? '')) return true;
  if (d.vendor === '8086' && d.bdf.startsWith('0000:00:')) return true;
  if (d.vendor === '1002' && /Renoir|Cezanne|Raphael|Rembrandt|Phoenix|Picasso|Raven|Lucienne|Barcelo|Granite Ridge|Van ?Gogh|Mendocino|Hawk Point|Strix|Lucienne|Dali|Pollock|Stoney|Carrizo|Kaveri|Wani|Kabini|Mullins|Beema/i.test(d.name ?? '')) return true;
  return false;
}

/** A GPU: the display function (function 0) of a card. */
export const isGpu = (d: PciDevice) => isDisplayClass(d.classCode) && d.bdf.endsWith('.0');

export function gpusOf(host: Pick<Host, 'facts'>): PciDevice[] {
  return host.facts.pci.filter(isGpu);
}

/** Bound to vfio-pci or pci-stub, overridden to vfio-pci, or configured by ID for vfio-pci. */
export function heldForVfio(host: Pick<Host, 'vfioIds'>, d: PciDevice): boolean {
  return d.driver === 'vfio-pci' || d.driver === 'pci-stub' || d.driverOverride === 'vfio-pci' || (idOf(d) !== undefined && host.vfioIds.vfio.has(idOf(d)!));
}

export function inferTargets(host: Host, gpuArgs: string[]): Targets {
  const gpus = gpusOf(host);
  if (gpuArgs.length > 0) {
    const out: string[] = [];
    for (const a of gpuArgs) {
      const bdf = normalizeBdf(a) ?? normalizeBdf(`${a}.0`);
      if (bdf) out.push(bdf);
    }
    return { gpus: [...new Set(out)], inferred: false, reason: tr('chosen with --gpu', '由 --gpu 指定') };
  }
  if (gpus.length === 0) return { gpus: [], inferred: true, reason: tr('no GPU was found in the input', '输入中没有找到显卡') };
  if (gpus.every((d) => EMULATED_VENDORS.has(d.vendor ?? '')))
    return { gpus: [], inferred: true, reason: tr('only emulated display adapters of a virtual machine were found', '只找到了虚拟机的模拟显示适配器') };
  const forVfio = gpus.filter((d) => heldForVfio(host, d));
  const discrete = gpus.filter((d) => !isIntegratedOrBmc(d));
  const nonBoot = discrete.filter((d) => d.bootVga !== true);
  const named = namedByVm(host, gpus);
  let pick: PciDevice[];
  let reason: string;
  if (forVfio.length > 0 && (forVfio.length < gpus.length || gpus.length === 1)) {
    pick = forVfio;
    reason = tr('bound to or configured for vfio-pci', '已绑定到 vfio-pci 或已配置给 vfio-pci');
  } else if (named.gpus.length > 0 && (forVfio.length === 0 || named.gpus.every((d) => forVfio.includes(d)))) {
    pick = named.gpus;
    reason = named.reason;
  } else if (forVfio.length > 0) {
    // Every GPU is claimed for vfio: choose one that is not the boot display.
    const nb = forVfio.filter((d) => d.bootVga === false);
    pick = nb.length ? [nb[0]!] : [forVfio[0]!];
    reason = nb.length
      ? tr('every GPU is claimed for vfio-pci; chose the one that is not the boot display', '所有显卡都已交给 vfio-pci；选了不是启动显卡的那张')
      : tr(`every GPU is claimed for vfio-pci; assumed ${shortBdf(pick[0]!.bdf)}, pass --gpu to choose`, `所有显卡都已交给 vfio-pci；假定是 ${shortBdf(pick[0]!.bdf)}，可用 --gpu 指定`);
  } else if (nonBoot.length === 1) {
    pick = nonBoot;
    reason = discrete.length > 1 || gpus.length > 1 ? tr('the discrete GPU that is not the boot display', '不是启动显卡的那张独立显卡') : tr('the only discrete GPU', '唯一的独立显卡');
  } else if (nonBoot.length > MAX_CANDIDATES) {
    // Every rule runs once per candidate: hundreds of GPUs named in log lines would cost hundreds of runs (a 1 MB
    // paste naming 8,192 took minutes). No real host has that many cards; the paste needs --gpu.
    pick = [nonBoot[0]!];
    reason = tr(
      `${nonBoot.length} discrete GPUs and nothing says which one is meant, too many to check each; assumed ${shortBdf(pick[0]!.bdf)}, pass --gpu to choose`,
      `有 ${nonBoot.length} 张独立显卡，没有信息表明要直通哪一张，数量太多无法逐一检查；假定是 ${shortBdf(pick[0]!.bdf)}，可用 --gpu 指定`,
    );
  } else if (nonBoot.length > 1) {
    // Nothing says which one is meant: each is checked as if it were the target, and the report gives a verdict per GPU.
    return {
      gpus: nonBoot.map((d) => d.bdf),
      inferred: true,
      perCandidate: true,
      reason: tr(
        `${nonBoot.length} discrete GPUs${nonBoot.some((d) => d.bootVga === false) ? ' that are not the boot display' : ''} and nothing says which one is meant (no vfio-pci binding or configuration, no VM naming one, no --gpu): each is checked as the target`,
        `有 ${nonBoot.length} 张${nonBoot.some((d) => d.bootVga === false) ? '不是启动显卡的' : ''}独立显卡，没有信息表明要直通哪一张（没有 vfio-pci 绑定或配置，没有虚拟机指定，也没有 --gpu）：每张都作为目标检查一遍`,
      ),
    };
  } else if (discrete.length > 0) {
    pick = [discrete[0]!];
    reason = tr('the only discrete GPU, which is also the boot display', '唯一的独立显卡，同时也是启动显卡');
  } else {
    pick = [gpus[0]!];
    reason = tr('the only GPU', '唯一的显卡');
  }
  return { gpus: pick.map((d) => d.bdf), inferred: true, reason };
}

const HOW = (): Record<VmDevice['how'] | 'qemu-log', string> => ({
  'qemu-command-line': tr('a QEMU command line', 'QEMU 命令行'),
  'libvirt-xml': tr("a libvirt domain's <hostdev>", 'libvirt 虚拟机的 <hostdev>'),
  'proxmox-config': tr("a Proxmox VM's hostpci entry", 'Proxmox 虚拟机的 hostpci 条目'),
  virsh: tr('a virsh command or hook variable', 'virsh 命令或 hook 变量'),
  'qemu-log': tr('a QEMU/libvirt error', 'QEMU/libvirt 报错'),
});

/** GPUs a VM definition, a QEMU command line or a VM error names (a named audio function stands for its card). */
export function namedByVm(host: Pick<Host, 'facts'>, gpus: PciDevice[]): { gpus: PciDevice[]; reason: string } {
  const how = HOW();
  const names: { bdf: string; how: keyof typeof how }[] = [
    ...(host.facts.vmDevices ?? []),
    ...host.facts.qemuErrors.filter((e) => e.bdf).map((e) => ({ bdf: e.bdf!, how: 'qemu-log' as const })),
  ];
  const out: PciDevice[] = [];
  const hows = new Set<string>();
  for (const n of names) {
    const g = gpus.find((d) => slotOf(d.bdf) === slotOf(n.bdf));
    if (!g) continue;
    if (!out.includes(g)) out.push(g);
    hows.add(how[n.how]);
  }
  return { gpus: out, reason: tr(`named by ${[...hows].join(' and ')}`, zhSpace(`由${joinList([...hows])}${/[\u4e00-\u9fff]$/.test(joinList([...hows])) ? '' : ' '}指定`)) };
}

/** Each slot's functions (their places in facts.pci), made once per list of functions: rules ask this many times. */
const slotIndex = new WeakMap<PciDevice[], { length: number; bySlot: Map<string, number[]> }>();

function slotsOf(pci: PciDevice[]): Map<string, number[]> {
  const known = slotIndex.get(pci);
  if (known && known.length === pci.length) return known.bySlot;
  const bySlot = new Map<string, number[]>();
  pci.forEach((d, i) => {
    const s = slotOf(d.bdf);
    const list = bySlot.get(s);
    if (list) list.push(i);
    else bySlot.set(s, [i]);
  });
  slotIndex.set(pci, { length: pci.length, bySlot });
  return bySlot;
}

/** Every function of the slots of these devices (a card's VGA, audio, USB and UCSI functions share a slot). */
export function slotFunctions(host: Pick<Host, 'facts'>, bdfs: string[]): PciDevice[] {
  const pci = host.facts.pci;
  const bySlot = slotsOf(pci);
  const at: number[] = [];
  for (const s of new Set(bdfs.map(slotOf))) at.push(...(bySlot.get(s) ?? []));
  // In the order of facts.pci, as a filter of it would give.
  return at.sort((a, b) => a - b).map((i) => pci[i]!);
}

/** All functions of the target cards. */
export function targetFunctions(host: Host): PciDevice[] {
  return slotFunctions(host, host.targets.gpus);
}
