// What the host itself says about a topic, in plain sentences, for answers to questions ("your GPU at 04:00.0 …").
import type { Report } from '../schema/report';
import type { Host } from '../facts/host';
import { shortBdf, slotOf } from '../pci/bdf';
import { deviceView, deviceViews, deviceWords, driverText, type DeviceView } from './devices';

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

function targetLine({ report: r, host }: HostContext): string {
  if (!r.targets.gpus.length) return `I don't see a passthrough GPU in this input (${r.targets.reason}).`;
  if (r.targets.perCandidate) return `Nothing says which GPU you mean to pass, so I check each of ${r.targets.gpus.map((b) => gpuWords(deviceView(host, b))).join(' and ')} as the target; \`gpu BDF\` narrows it to one.`;
  return `Your passthrough target is ${r.targets.gpus.map((b) => gpuWords(deviceView(host, b))).join(' and ')} — ${r.targets.reason}.`;
}

export const groupFacts: FactsFn = (ctx) => {
  const { report: r, host } = ctx;
  if (r.groups === null) return ['This input has no IOMMU group listing, so I cannot see your groups; `paste` the output of the group-listing loop (see `help`).'];
  if (Object.keys(r.groups).length === 0) return [`There are no IOMMU groups at all here: the IOMMU is ${r.host.iommu === 'active' ? 'reported active but exposes no groups' : 'not active'}, so nothing can be passed through yet.`];
  if (!r.targets.gpus.length) return [targetLine(ctx)];
  const out: string[] = [];
  for (const g of r.targets.gpus) {
    const d = deviceView(host, g);
    if (d.group === undefined) {
      out.push(`Your GPU at ${d.short} is not in the group listing.`);
      continue;
    }
    const members = (r.groups[String(d.group)] ?? []).map((m) => deviceView(host, m));
    const own = members.filter((m) => m.bdf !== g && slotOf(m.bdf) === slotOf(g));
    const others = members.filter((m) => slotOf(m.bdf) !== slotOf(g) && !m.bridge);
    const bridges = members.filter((m) => slotOf(m.bdf) !== slotOf(g) && m.bridge);
    if (others.length) {
      out.push(`Your GPU at ${d.short} shares IOMMU group ${d.group} with ${others.map(deviceWords).join(', ')}.`);
      out.push(`Everything in group ${d.group} goes to the VM together, so ${others.length > 1 ? 'those devices' : 'that device'} would leave the host with the GPU.`);
    } else {
      out.push(
        `Your GPU at ${d.short} is alone in IOMMU group ${d.group}${own.length ? ` with its own functions (${own.map((m) => m.short).join(', ')})` : ''}${bridges.length ? ` and bridges (${bridges.map((m) => m.short).join(', ')}), which is fine` : ''} — that is what you want.`,
      );
    }
  }
  return out;
};

export const acsFacts: FactsFn = ({ host }) => {
  const p = hasParam(host, /^pcie_acs_override$/);
  const active = host.log(/PCIe ACS overrides enabled/).length > 0;
  if (p.length && active) return [`Your kernel has the ACS override active (${p[0]!.raw}): your groups are split by software, not by the hardware.`];
  if (p.length) return [`Your command line has ${p[0]!.raw}, but the kernel log does not show "PCIe ACS overrides enabled": this kernel may not carry the patch, so the parameter does nothing.`];
  if (host.facts.cmdline) return ['Your kernel command line has no pcie_acs_override=, so your groups are the ones the hardware really isolates.'];
  return [];
};

export const identicalFacts: FactsFn = ({ host }) => {
  const gpus = displays(host);
  const byIds = new Map<string, DeviceView[]>();
  for (const d of gpus) if (d.ids) byIds.set(d.ids, [...(byIds.get(d.ids) ?? []), d]);
  const dup = [...byIds.entries()].filter(([, v]) => v.length > 1);
  if (!dup.length) return gpus.length > 1 ? [`Your GPUs have different vendor:device IDs (${gpus.map((d) => `${d.short} ${d.ids ?? '?'}`).join(', ')}), so binding by ID is safe here.`] : [];
  return dup.map(([ids, v]) => `Your cards ${v.map((d) => d.short).join(' and ')} share the ID ${ids}${v[0]?.name ? ` (${v[0].name})` : ''}: vfio-pci.ids=${ids} would claim all of them. Bind the passthrough card by address instead.`);
};

export const code43Facts: FactsFn = (ctx) => {
  const t = targets(ctx);
  if (!t.length) return [];
  const nv = t.filter((d) => d.ids?.startsWith('10de:'));
  if (nv.length) return [`Your passthrough target ${nv.map(gpuWords).join(', ')} is an NVIDIA card, so this applies to you.`];
  return [`Your passthrough target ${t.map(gpuWords).join(', ')} is not an NVIDIA card; Code 43 is an NVIDIA driver error.`];
};

export const amdResetFacts: FactsFn = (ctx) => {
  const t = targets(ctx);
  if (!t.length) return [];
  const amd = t.filter((d) => d.ids?.startsWith('1002:'));
  if (!amd.length) return [`Your passthrough target ${t.map(gpuWords).join(', ')} is not an AMD card, so the AMD reset bug does not apply.`];
  return amd.map((d) => {
    const rm = ctx.host.device(d.bdf)?.resetMethods;
    return `Your target ${gpuWords(d)} is an AMD card${rm ? `; its reset methods: ${rm.join(', ') || 'none'}` : ''}. Check whether its family is on vendor-reset's list.`;
  });
};

export const iommuPtFacts: FactsFn = ({ host, report: r }) => {
  if (!host.facts.cmdline) return [];
  const pt = hasParam(host, /^iommu$/).filter((p) => p.value === 'pt');
  return [pt.length ? `Your command line has iommu=pt; the IOMMU is ${r.host.iommu}.` : `Your command line has no iommu=pt (the IOMMU is ${r.host.iommu}); you do not need it for passthrough.`];
};

export const lspciFacts: FactsFn = (ctx) =>
  targets(ctx).map((d) => `Your target as lspci -nnk shows it: ${d.short} ${d.className}${d.classCode ? ` [${d.classCode.slice(0, 4)}]` : ''}: ${d.name ?? ''} [${d.ids ?? '?'}], "Kernel driver in use: ${driverText(d)}".`);

/** Whether the target is the boot display; said only when the host lists display adapters, so there is something to compare with. */
function bootDisplayFacts(ctx: HostContext, gpus = displays(ctx.host)): string[] {
  if (!gpus.length) return [];
  const boot = gpus.find((d) => d.bootVga);
  const t = targets(ctx)[0];
  if (t && t.bootVga) return [`Your target ${t.short} is the boot display (boot_vga=1): passing it through is single-GPU passthrough unless another GPU takes over the host display.`];
  if (boot && t) return [`The boot display is ${boot.short}; your target ${t.short} is not, so the host keeps a display.`];
  return [];
}

export const singleGpuFacts: FactsFn = (ctx) => {
  const gpus = displays(ctx.host);
  if (!gpus.length) return [];
  return [`This host has ${gpus.length} display adapter${gpus.length === 1 ? '' : 's'}: ${gpus.map(gpuWords).join(', ')}.`, ...bootDisplayFacts(ctx, gpus)];
};

export const vfioBuiltinFacts: FactsFn = ({ host }) => {
  const out: string[] = [];
  if (host.vfioPciBuiltin === true) out.push('On this kernel vfio-pci is built in: `options vfio-pci ids=…` in /etc/modprobe.d is ignored; use vfio-pci.ids= on the kernel command line.');
  else if (host.vfioPciBuiltin === undefined && host.vfioPciBuiltinGuess) out.push(`vfio-pci is probably ${host.vfioPciBuiltinGuess.builtin ? 'built in' : 'a module'} — ${host.vfioPciBuiltinGuess.reason}. vfio-pci.ids= on the kernel command line works either way.`);
  else if (host.vfioPciBuiltin === false) out.push('On this kernel vfio-pci is a module: vfio-pci.ids= on the command line and `options vfio-pci ids=` in /etc/modprobe.d both work (the latter needs the initramfs rebuilt).');
  else out.push('I cannot tell from this input whether vfio-pci is built in (modules.builtin or the kernel config would say).');
  const ids = hasParam(host, /^vfio[-_]pci\.ids$/);
  if (ids.length) out.push(`Your command line has ${ids[0]!.raw}.`);
  const mp = host.facts.modprobe.filter((m) => m.kind === 'options' && m.module === 'vfio_pci');
  if (mp.length) out.push(`Your modprobe configuration has: ${mp.map((m) => m.evidence.text.trim()).join('; ')}.`);
  return out;
};

export const iommuEnableFacts: FactsFn = ({ report: r, host }) => {
  const out: string[] = [];
  const cpu = r.host.cpuVendor.value;
  out.push(`Here the IOMMU is ${r.host.iommu}${cpu ? ` on an ${cpuName(cpu)} CPU` : ''}${r.host.virtualMachine ? ', inside a virtual machine' : ''}.`);
  const p = cmdParams(host).filter((x) => /^(intel_iommu|amd_iommu|iommu)$/.test(x.key));
  if (host.facts.cmdline) out.push(p.length ? `IOMMU options on your command line: ${p.map((x) => x.raw).join(' ')}.` : 'Your command line has no IOMMU options.');
  return out;
};

export const vmFacts: FactsFn = ({ report: r }) => {
  if (r.host.virtualMachine === true) return ['This host is itself a virtual machine: its PCI devices, groups and IOMMU are virtual, so nothing here says anything about the physical machine.'];
  if (r.host.virtualMachine === false) return ['This host is bare metal, not a virtual machine.'];
  return [];
};

export const companionFacts: FactsFn = (ctx) =>
  ctx.report.targets.gpus.flatMap((g) => {
    const fns = deviceViews(ctx.host).filter((d) => d.bdf !== g && slotOf(d.bdf) === slotOf(g));
    if (!fns.length) return [];
    return [`Your card at ${shortBdf(slotOf(g))} has ${fns.length} more function${fns.length === 1 ? '' : 's'}: ${fns.map((d) => `${d.short} ${d.className} (driver ${driverText(d)})`).join(', ')}.`];
  });

export const bootFbFacts: FactsFn = (ctx) => {
  const out = bootDisplayFacts(ctx);
  const bar = ctx.host.log(/BAR \d+: can't reserve/);
  if (bar.length) out.push(`Your kernel log has: ${bar[0]!.evidence.text.trim()}`);
  return out;
};
