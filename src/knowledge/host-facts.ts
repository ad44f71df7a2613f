// What the host itself says about a topic, in plain sentences, for answers to questions ("your GPU at 04:00.0 …").
import type { Report } from '../schema/report';
import type { Host } from '../facts/host';
import { shortBdf, slotOf } from '../pci/bdf';
import { deviceView, deviceViews, deviceWords, driverText, type DeviceView } from './devices';
import { getLang, tr } from '../i18n/lang';
import { zhSpace } from '../i18n/space';

export interface HostContext {
  report: Report;
  host: Host;
}

export type FactsFn = (ctx: HostContext) => string[];

/** The report's CPU vendor as people write it ("intel" → "Intel"); one spelling for the chat's host line and its answers. */
export const cpuName = (vendor: string | null): string | null => (vendor === 'intel' ? 'Intel' : vendor === 'amd' ? 'AMD' : vendor);

const gpuWords = (v: DeviceView) => `${v.short}${v.name ? ` (${v.name})` : ''}`;
const cmdParams = (h: Host) => h.facts.cmdline?.params ?? [];
const hasParam = (h: Host, key: RegExp) => cmdParams(h).filter((p) => key.test(p.key));
const targets = ({ report: r, host }: HostContext) => r.targets.gpus.map((b) => deviceView(host, b));
const displays = (host: Host) => deviceViews(host).filter((d) => d.display && d.bdf.endsWith('.0'));
/** The report's IOMMU state in the reader's words ("active" stays the English word in English sentences). */
const iommuWord = (s: string) => (getLang() === 'zh' ? (s === 'active' ? '已开启' : s === 'inactive' ? '未开启' : '状态未知') : s);
/** A Chinese list: 、 between items. */
const zhList = (xs: string[]) => xs.join('、');

function targetLine({ report: r, host }: HostContext): string {
  if (!r.targets.gpus.length) return tr(`I don't see a passthrough GPU in this input (${r.targets.reason}).`, `这份输入里看不到要直通的显卡（${r.targets.reason}）。`);
  const words = r.targets.gpus.map((b) => gpuWords(deviceView(host, b)));
  if (r.targets.perCandidate)
    return tr(
      `Nothing says which GPU you mean to pass, so I check each of ${words.join(' and ')} as the target; \`gpu BDF\` narrows it to one.`,
      `没有信息表明你要直通哪张显卡，所以我把 ${words.join(' 和 ')} 逐一当作目标检查；用 \`gpu BDF\` 可以限定为一张。`,
    );
  return tr(`Your passthrough target is ${words.join(' and ')} — ${r.targets.reason}.`, `你的直通目标是 ${words.join(' 和 ')}——${r.targets.reason}。`);
}

export const groupFacts: FactsFn = (ctx) => {
  const { report: r, host } = ctx;
  if (r.groups === null)
    return [tr('This input has no IOMMU group listing, so I cannot see your groups; `paste` the output of the group-listing loop (see `help`).', '这份输入里没有 IOMMU 组列表，我看不到你的分组；请用 `paste` 粘贴列出分组的循环命令的输出（见 `help`）。')];
  if (Object.keys(r.groups).length === 0)
    return [
      tr(
        `There are no IOMMU groups at all here: the IOMMU is ${r.host.iommu === 'active' ? 'reported active but exposes no groups' : 'not active'}, so nothing can be passed through yet.`,
        `这里完全没有 IOMMU 组：IOMMU ${r.host.iommu === 'active' ? '显示已开启，却没有任何分组' : '没有开启'}，所以目前什么都无法直通。`,
      ),
    ];
  if (!r.targets.gpus.length) return [targetLine(ctx)];
  const out: string[] = [];
  for (const g of r.targets.gpus) {
    const d = deviceView(host, g);
    if (d.group === undefined) {
      out.push(tr(`Your GPU at ${d.short} is not in the group listing.`, `你位于 ${d.short} 的显卡不在分组列表中。`));
      continue;
    }
    const members = (r.groups[String(d.group)] ?? []).map((m) => deviceView(host, m));
    const own = members.filter((m) => m.bdf !== g && slotOf(m.bdf) === slotOf(g));
    const others = members.filter((m) => slotOf(m.bdf) !== slotOf(g) && !m.bridge);
    const bridges = members.filter((m) => slotOf(m.bdf) !== slotOf(g) && m.bridge);
    if (others.length) {
      out.push(tr(`Your GPU at ${d.short} shares IOMMU group ${d.group} with ${others.map(deviceWords).join(', ')}.`, `你位于 ${d.short} 的显卡与 ${others.map(deviceWords).join(', ')} 同在 IOMMU 组 ${d.group}。`));
      out.push(
        tr(
          `Everything in group ${d.group} goes to the VM together, so ${others.length > 1 ? 'those devices' : 'that device'} would leave the host with the GPU.`,
          `组 ${d.group} 里的设备必须一起交给虚拟机，所以${others.length > 1 ? '这些设备' : '这个设备'}会随显卡一起离开宿主机。`,
        ),
      );
    } else {
      out.push(
        tr(
          `Your GPU at ${d.short} is alone in IOMMU group ${d.group}${own.length ? ` with its own functions (${own.map((m) => m.short).join(', ')})` : ''}${bridges.length ? ` and bridges (${bridges.map((m) => m.short).join(', ')}), which is fine` : ''} — that is what you want.`,
          `你位于 ${d.short} 的显卡独占 IOMMU 组 ${d.group}${own.length ? `（同组的只有它自己的功能 ${zhList(own.map((m) => m.short))}）` : ''}${bridges.length ? `（另有 PCI 桥 ${zhList(bridges.map((m) => m.short))}，这没问题）` : ''}——这正是你想要的。`,
        ),
      );
    }
  }
  return out;
};

export const acsFacts: FactsFn = ({ host }) => {
  const p = hasParam(host, /^pcie_acs_override$/);
  const active = host.log(/PCIe ACS overrides enabled/).length > 0;
  if (p.length && active) return [tr(`Your kernel has the ACS override active (${p[0]!.raw}): your groups are split by software, not by the hardware.`, `你的内核启用了 ACS override（${p[0]!.raw}）：分组是由软件拆开的，而不是硬件真正隔离的。`)];
  if (p.length)
    return [
      tr(
        `Your command line has ${p[0]!.raw}, but the kernel log does not show "PCIe ACS overrides enabled": this kernel may not carry the patch, so the parameter does nothing.`,
        `你的内核命令行里有 ${p[0]!.raw}，但内核日志中没有 "PCIe ACS overrides enabled"：这个内核可能没有打这个补丁，参数不起作用。`,
      ),
    ];
  if (host.facts.cmdline) return [tr('Your kernel command line has no pcie_acs_override=, so your groups are the ones the hardware really isolates.', '你的内核命令行里没有 pcie_acs_override=，所以现在的分组就是硬件真正的隔离情况。')];
  return [];
};

export const identicalFacts: FactsFn = ({ host }) => {
  const gpus = displays(host);
  const byIds = new Map<string, DeviceView[]>();
  for (const d of gpus) if (d.ids) byIds.set(d.ids, [...(byIds.get(d.ids) ?? []), d]);
  const dup = [...byIds.entries()].filter(([, v]) => v.length > 1);
  if (!dup.length)
    return gpus.length > 1
      ? [
          tr(
            `Your GPUs have different vendor:device IDs (${gpus.map((d) => `${d.short} ${d.ids ?? '?'}`).join(', ')}), so binding by ID is safe here.`,
            `你的显卡各有不同的厂商:设备 ID（${gpus.map((d) => `${d.short} ${d.ids ?? '?'}`).join('、')}），所以这里按 ID 绑定是安全的。`,
          ),
        ]
      : [];
  return dup.map(([ids, v]) =>
    tr(
      `Your cards ${v.map((d) => d.short).join(' and ')} share the ID ${ids}${v[0]?.name ? ` (${v[0].name})` : ''}: vfio-pci.ids=${ids} would claim all of them. Bind the passthrough card by address instead.`,
      `你的显卡 ${v.map((d) => d.short).join(' 和 ')} 的 ID 都是 ${ids}${v[0]?.name ? `(${v[0].name})` : ''}:vfio-pci.ids=${ids} 会把它们全部接管。请改为按 PCI 地址绑定要直通的那张。`,
    ),
  );
};

export const code43Facts: FactsFn = (ctx) => {
  const t = targets(ctx);
  if (!t.length) return [];
  const nv = t.filter((d) => d.ids?.startsWith('10de:'));
  if (nv.length) return [tr(`Your passthrough target ${nv.map(gpuWords).join(', ')} is an NVIDIA card, so this applies to you.`, `你的直通目标 ${nv.map(gpuWords).join('、')} 是 NVIDIA 显卡，所以这条适用于你。`)];
  return [tr(`Your passthrough target ${t.map(gpuWords).join(', ')} is not an NVIDIA card; Code 43 is an NVIDIA driver error.`, `你的直通目标 ${t.map(gpuWords).join('、')} 不是 NVIDIA 显卡；Code 43 是 NVIDIA 驱动的错误。`)];
};

export const amdResetFacts: FactsFn = (ctx) => {
  const t = targets(ctx);
  if (!t.length) return [];
  const amd = t.filter((d) => d.ids?.startsWith('1002:'));
  if (!amd.length) return [tr(`Your passthrough target ${t.map(gpuWords).join(', ')} is not an AMD card, so the AMD reset bug does not apply.`, `你的直通目标 ${t.map(gpuWords).join('、')} 不是 AMD 显卡，所以 AMD 重置 bug 与你无关。`)];
  return amd.map((d) => {
    const rm = ctx.host.device(d.bdf)?.resetMethods;
    return tr(
      `Your target ${gpuWords(d)} is an AMD card${rm ? `; its reset methods: ${rm.join(', ') || 'none'}` : ''}. Check whether its family is on vendor-reset's list.`,
      `你的目标 ${gpuWords(d)} 是 AMD 显卡${rm ? `；它的重置方式：${rm.join(', ') || '无'}` : ''}。请查一下它所属的系列是否在 vendor-reset 的支持列表里。`,
    );
  });
};

export const iommuPtFacts: FactsFn = ({ host, report: r }) => {
  if (!host.facts.cmdline) return [];
  const pt = hasParam(host, /^iommu$/).filter((p) => p.value === 'pt');
  return [
    pt.length
      ? tr(`Your command line has iommu=pt; the IOMMU is ${r.host.iommu}.`, `你的内核命令行里有 iommu=pt;IOMMU ${iommuWord(r.host.iommu)}。`)
      : tr(`Your command line has no iommu=pt (the IOMMU is ${r.host.iommu}); you do not need it for passthrough.`, `你的内核命令行里没有 iommu=pt（IOMMU ${iommuWord(r.host.iommu)}）；直通并不需要它。`),
  ];
};

export const lspciFacts: FactsFn = (ctx) =>
  targets(ctx).map((d) =>
    tr(
      `Your target as lspci -nnk shows it: ${d.short} ${d.className}${d.classCode ? ` [${d.classCode.slice(0, 4)}]` : ''}: ${d.name ?? ''} [${d.ids ?? '?'}], "Kernel driver in use: ${driverText(d)}".`,
      `lspci -nnk 显示的你的目标：${d.short} ${d.className}${d.classCode ? ` [${d.classCode.slice(0, 4)}]` : ''}: ${d.name ?? ''} [${d.ids ?? '?'}],"Kernel driver in use: ${driverText(d)}"。`,
    ),
  );

/** Whether the target is the boot display; said only when the host lists display adapters, so there is something to compare with. */
function bootDisplayFacts(ctx: HostContext, gpus = displays(ctx.host)): string[] {
  if (!gpus.length) return [];
  const boot = gpus.find((d) => d.bootVga);
  const t = targets(ctx)[0];
  if (t && t.bootVga)
    return [
      tr(
        `Your target ${t.short} is the boot display (boot_vga=1): passing it through is single-GPU passthrough unless another GPU takes over the host display.`,
        `你的目标 ${t.short} 是启动显卡（boot_vga=1）：除非另有显卡接管宿主机的显示，直通它就是单显卡直通。`,
      ),
    ];
  if (boot && t) return [tr(`The boot display is ${boot.short}; your target ${t.short} is not, so the host keeps a display.`, `启动显卡是 ${boot.short}；你的目标 ${t.short} 不是，所以宿主机仍有显示输出。`)];
  return [];
}

export const singleGpuFacts: FactsFn = (ctx) => {
  const gpus = displays(ctx.host);
  if (!gpus.length) return [];
  return [
    tr(`This host has ${gpus.length} display adapter${gpus.length === 1 ? '' : 's'}: ${gpus.map(gpuWords).join(', ')}.`, `这台宿主机有 ${gpus.length} 个显示适配器：${gpus.map(gpuWords).join('、')}。`),
    ...bootDisplayFacts(ctx, gpus),
  ];
};

export const vfioBuiltinFacts: FactsFn = ({ host }) => {
  const out: string[] = [];
  if (host.vfioPciBuiltin === true)
    out.push(tr('On this kernel vfio-pci is built in: `options vfio-pci ids=…` in /etc/modprobe.d is ignored; use vfio-pci.ids= on the kernel command line.', '这个内核把 vfio-pci 编译进了内核：/etc/modprobe.d 中的 `options vfio-pci ids=…` 不起作用；请在内核命令行里用 vfio-pci.ids=。'));
  else if (host.vfioPciBuiltin === undefined && host.vfioPciBuiltinGuess)
    out.push(
      tr(
        `vfio-pci is probably ${host.vfioPciBuiltinGuess.builtin ? 'built in' : 'a module'} — ${host.vfioPciBuiltinGuess.reason}. vfio-pci.ids= on the kernel command line works either way.`,
        `vfio-pci 可能${host.vfioPciBuiltinGuess.builtin ? '编译进了内核' : '是模块'}——${host.vfioPciBuiltinGuess.reason}。无论哪种情况，内核命令行里的 vfio-pci.ids= 都有效。`,
      ),
    );
  else if (host.vfioPciBuiltin === false)
    out.push(
      tr(
        'On this kernel vfio-pci is a module: vfio-pci.ids= on the command line and `options vfio-pci ids=` in /etc/modprobe.d both work (the latter needs the initramfs rebuilt).',
        '这个内核里 vfio-pci 是模块：内核命令行的 vfio-pci.ids= 和 /etc/modprobe.d 中的 `options vfio-pci ids=` 都有效（后者需要重新生成 initramfs）。',
      ),
    );
  else out.push(tr('I cannot tell from this input whether vfio-pci is built in (modules.builtin or the kernel config would say).', '从这份输入看不出 vfio-pci 是否编译进了内核（modules.builtin 或内核配置能说明）。'));
  const ids = hasParam(host, /^vfio[-_]pci\.ids$/);
  if (ids.length) out.push(tr(`Your command line has ${ids[0]!.raw}.`, `你的内核命令行里有 ${ids[0]!.raw}。`));
  const mp = host.facts.modprobe.filter((m) => m.kind === 'options' && m.module === 'vfio_pci');
  if (mp.length) out.push(tr(`Your modprobe configuration has: ${mp.map((m) => m.evidence.text.trim()).join('; ')}.`, `你的 modprobe 配置中有：${mp.map((m) => m.evidence.text.trim()).join(';')}。`));
  return out;
};

export const iommuEnableFacts: FactsFn = ({ report: r, host }) => {
  const out: string[] = [];
  const cpu = r.host.cpuVendor.value;
  out.push(
    tr(
      `Here the IOMMU is ${r.host.iommu}${cpu ? ` on an ${cpuName(cpu)} CPU` : ''}${r.host.virtualMachine ? ', inside a virtual machine' : ''}.`,
      zhSpace(`这里${cpu ? `\uff08${cpuName(cpu)} CPU${r.host.virtualMachine ? '，运行在虚拟机中' : ''}\uff09` : r.host.virtualMachine ? '（运行在虚拟机中）' : ''}IOMMU ${iommuWord(r.host.iommu)}。`),
    ),
  );
  const p = cmdParams(host).filter((x) => /^(intel_iommu|amd_iommu|iommu)$/.test(x.key));
  if (host.facts.cmdline)
    out.push(p.length ? tr(`IOMMU options on your command line: ${p.map((x) => x.raw).join(' ')}.`, `你的内核命令行中的 IOMMU 选项：${p.map((x) => x.raw).join(' ')}。`) : tr('Your command line has no IOMMU options.', '你的内核命令行中没有 IOMMU 选项。'));
  return out;
};

export const vmFacts: FactsFn = ({ report: r }) => {
  if (r.host.virtualMachine === true)
    return [tr('This host is itself a virtual machine: its PCI devices, groups and IOMMU are virtual, so nothing here says anything about the physical machine.', '这台宿主机本身就是虚拟机：它的 PCI 设备、分组和 IOMMU 都是虚拟的，这里的一切都说明不了物理机的情况。')];
  if (r.host.virtualMachine === false) return [tr('This host is bare metal, not a virtual machine.', '这台宿主机是物理机，不是虚拟机。')];
  return [];
};

export const companionFacts: FactsFn = (ctx) =>
  ctx.report.targets.gpus.flatMap((g) => {
    const fns = deviceViews(ctx.host).filter((d) => d.bdf !== g && slotOf(d.bdf) === slotOf(g));
    if (!fns.length) return [];
    return [
      tr(
        `Your card at ${shortBdf(slotOf(g))} has ${fns.length} more function${fns.length === 1 ? '' : 's'}: ${fns.map((d) => `${d.short} ${d.className} (driver ${driverText(d)})`).join(', ')}.`,
        `你位于 ${shortBdf(slotOf(g))} 的显卡还有 ${fns.length} 个功能：${fns.map((d) => `${d.short} ${d.className}(驱动 ${driverText(d)})`).join('、')}。`,
      ),
    ];
  });

export const bootFbFacts: FactsFn = (ctx) => {
  const out = bootDisplayFacts(ctx);
  const bar = ctx.host.log(/BAR \d+: can't reserve/);
  if (bar.length) out.push(tr(`Your kernel log has: ${bar[0]!.evidence.text.trim()}`, `你的内核日志中有：${bar[0]!.evidence.text.trim()}`));
  return out;
};
