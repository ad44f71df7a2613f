// F1: a boot framebuffer (efifb, vesafb, simplefb/simpledrm "BOOTFB") still holds a BAR of the passthrough GPU.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import { kernelAtLeast } from '../../src/facts/host';
import type { Fix } from '../../src/schema/fix';
import type { Evidence } from '../../src/schema/evidence';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { bindFixes, slotFunctions } from '../../src/engine/fixes/bind-choice';
import { describeDevice } from '../../src/engine/describe';
import { hasParam, paramValues } from '../../src/parse/cmdline';
import { shortBdf } from '../../src/pci/bdf';
import { zh } from './zh';

const ID = 'bootfb-bar-conflict';
// drivers/pci/pci.c __pci_request_region(): pci_warn(pdev, "BAR %d: can't reserve %pR\n", …)
const BAR = /^(\S+) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): BAR (\d+): can't reserve \[(?:mem|io) ([^\]]+)\]/i;
// Resource names: BOOTFB (drivers/firmware/sysfb_simplefb.c), "efifb" / "vesafb" (request_mem_region in the fbdev drivers).
const FB_NAME = /^(?:BOOTFB|efifb|vesafb|simplefb|simpledrm|simple-framebuffer(?:\.\d+)?)$/i;
const SIMPLE = /simpledrm|simple-framebuffer|simplefb|BOOTFB/i;
const SIMPLEDRM_UP = /^\[drm\] Initialized simpledrm|simple-framebuffer|^simpledrm/;
const VESAFB = /^vesafb: /;
const EFIFB = /^efifb: /;
const NO_KALLSYMS = /^initcall_blacklist requires CONFIG_KALLSYMS/;

/** Why the command-line parameters keep the framebuffer off: a firmware framebuffer driver by name, or sysfb. */
export type FbWhy = { kind: 'video'; fb: 'efifb' | 'vesafb' } | { kind: 'sysfb'; simple: boolean };

function fbWhyText(w: FbWhy, video: string | undefined): string {
  if (w.kind === 'video')
    return `${w.fb} drives the boot display here, so video=${w.fb}:off keeps it from binding${w.fb === 'vesafb' ? ' (legacy BIOS boot)' : '; add video=vesafb:off too if the host boots in legacy BIOS mode'}.`;
  // The simple-framebuffer case says video=efifb:off does nothing; with one on the command line, it says so of that one.
  return w.simple
    ? `The boot framebuffer is a sysfb simple-framebuffer (BOOTFB, simpledrm/simplefb), so ${video ? `the video=${video} on your command line` : 'video=efifb:off'} does nothing: efifb never binds. initcall_blacklist=sysfb_init stops sysfb from registering any firmware framebuffer device.`
    : 'initcall_blacklist=sysfb_init stops sysfb from registering any firmware framebuffer device (simple-framebuffer, efi-framebuffer or vesa-framebuffer), whichever this kernel uses.';
}

/** The card's state as the message tells it: its kernel and how vfio-pci meets the framebuffer there. */
export type KernelNote = { release: string; at6: true; boundAtBoot: boolean } | { release: string; at6: false };

export const messages = {
  unplacedBusy: () =>
    `The VMM could not map a BAR of a VFIO device: mmap failed with "Device or resource busy", because the kernel could not reserve that BAR for vfio — something on the host still holds the card's memory, usually a firmware framebuffer (efifb, vesafb, simpledrm/BOOTFB) or a framebuffer driver (nvidiafb) on the boot GPU. Paste lspci -nnk and sudo cat /proc/iomem to see which card and which driver; keeping the framebuffer off the card (initcall_blacklist=sysfb_init, or video=efifb:off on older kernels) and unloading framebuffer drivers for it frees the BAR.`,
  conflict: ({ device, busyOnly, owner, reserveFailed, fbModules, bootVga, kernel, why, video }: { device: string; busyOnly: boolean; owner?: string; reserveFailed: boolean; fbModules: string[]; bootVga: boolean; kernel?: KernelNote; why: FbWhy; video?: string }) => {
    const parts: string[] = [
      busyOnly
        ? `${device}: the VMM’s mmap of this card’s BAR failed with "Device or resource busy": the kernel could not reserve the BAR for vfio because something on the host still holds that memory — on a boot GPU, a firmware framebuffer (efifb, vesafb, simpledrm/BOOTFB) or a framebuffer driver. The VM cannot start with the card.`
        : `${device}: ${owner ? `the firmware framebuffer (${owner} in /proc/iomem)` : 'a firmware framebuffer'} still holds part of this card’s memory, so ${reserveFailed ? 'vfio-pci cannot reserve the BAR when the VMM maps it' : 'vfio-pci will not be able to reserve that BAR for the VM'}. The guest usually gets a black screen or QEMU fails to start.`,
    ];
    if (fbModules.length)
      parts.push(`lspci -k lists ${fbModules.join(', ')} for this card: a host framebuffer driver that can claim its memory when loaded — unload it (sudo modprobe -r ${fbModules[0]}) and blacklist it, or keep it out of the initramfs.`);
    if (bootVga) parts.push('This card is the boot display (boot_vga=1), which is why the firmware framebuffer sits in its BAR.');
    if (kernel?.at6 === true)
      parts.push(
        kernel.boundAtBoot
          ? `Kernel ${kernel.release} (6.0 or newer) makes vfio-pci evict firmware framebuffers when it binds a VGA-class card, yet the conflict remains; keep the framebuffer from registering at all.`
          : `Kernel ${kernel.release} is 6.0 or newer: binding the card to vfio-pci at boot makes vfio-pci evict the firmware framebuffer itself (commit d17378062079), which is usually enough.`,
      );
    else if (kernel?.at6 === false) parts.push(`Kernel ${kernel.release} is older than 6.0, so vfio-pci does not evict firmware framebuffers: keep them off the card on the command line.`);
    parts.push(fbWhyText(why, video));
    return parts.join(' ');
  },
};

// Host framebuffer drivers that can hold a card's memory when loaded for it (lspci -k "Kernel modules:" / "Kernel
// driver in use:"): the fbdev drivers of the firmware framebuffers and of NVIDIA/AMD/ATI cards.
const FB_MODULES = /^(?:nvidiafb|rivafb|radeonfb|aty128fb|atyfb|efifb|vesafb|simplefb|simpledrm|vga16fb|vfb)$/;

interface Conflict {
  bdf: string;
  evidence: Evidence[];
  /** The VMM's mmap of the BAR was refused with EBUSY (cloud-hypervisor), rather than the kernel's own line. */
  busy?: boolean;
  /** Which framebuffer is known to sit in the BAR (from /proc/iomem or the log). */
  owner?: string;
}

/** Devices whose BARs a framebuffer holds, from /proc/iomem (the enclosing range is named by the device address). */
function iomemConflicts(host: Host): Conflict[] {
  const regions = host.facts.iomem ?? [];
  const out: Conflict[] = [];
  for (const r of regions) {
    if (!FB_NAME.test(r.name)) continue;
    const name = [...r.within].reverse().find((n) => /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(n));
    if (!name) continue;
    // The BAR line itself: the closest range of that name above the framebuffer line.
    const parent = regions.filter((p) => p.name === name && (p.evidence.line ?? 0) < (r.evidence.line ?? 0)).pop();
    out.push({ bdf: name.toLowerCase(), owner: r.name, evidence: [...(parent ? [parent.evidence] : []), r.evidence] });
  }
  return out;
}

/** Which firmware framebuffer drives the boot display, from the log, /proc/iomem and the kernel config. */
function framebufferKind(host: Host, owners: string[]): 'simple' | 'efifb' | 'vesafb' | undefined {
  if (owners.some((o) => SIMPLE.test(o)) || host.log(SIMPLEDRM_UP).length) return 'simple';
  if (owners.some((o) => /vesafb/i.test(o)) || host.log(VESAFB).length) return 'vesafb';
  if (owners.some((o) => /efifb/i.test(o)) || host.log(EFIFB).length) return 'efifb';
  const k = host.facts.kconfig?.SYSFB_SIMPLEFB;
  if (k === 'y') return 'simple';
  if (k === 'n') return host.facts.kconfig?.FB_EFI === 'y' ? 'efifb' : undefined;
  return undefined;
}

/** The command-line parameters that keep the firmware framebuffer off the card, for this kernel and build. */
function cmdlineParams(host: Host, kind: ReturnType<typeof framebufferKind>): { add: string[]; why: FbWhy } {
  const noKallsyms = host.facts.kconfig?.KALLSYMS === 'n' || host.log(NO_KALLSYMS).length > 0;
  if ((kind === 'efifb' || kind === 'vesafb' || noKallsyms) && kind !== 'simple')
    return {
      add: kind === 'vesafb' ? ['video=vesafb:off', 'video=efifb:off'] : ['video=efifb:off'],
      why: { kind: 'video', fb: kind === 'vesafb' ? 'vesafb' : 'efifb' },
    };
  return { add: ['initcall_blacklist=sysfb_init'], why: { kind: 'sysfb', simple: kind === 'simple' } };
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'F1',
    title: 'A boot framebuffer holds the GPU’s memory (BAR can’t be reserved)',
    severity: 'error',
    category: 'boot-gpu',
    summary: 'efifb, vesafb or simpledrm (BOOTFB) still owns part of the passthrough GPU’s BAR, so vfio-pci cannot reserve it for the VM.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Passing_the_boot_GPU_to_the_guest', 'https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ["can't reserve", 'BAR', 'BOOTFB', 'efifb', 'simpledrm', 'vesafb', 'framebuffer', 'video=efifb:off', 'initcall_blacklist=sysfb_init', 'black screen'],
    // The kernel's refusal, the framebuffer in /proc/iomem, or the VMM's EBUSY: no one input is needed.
    requires: [{ anyOf: ['kernelLog', 'iomem'] }],
    reads: {
      log: [
        // BAR starts with the driver's name and is case-insensitive: its literal by hand. SIMPLEDRM_UP alternates.
        ": can't reserve [", '^[drm] Initialized simpledrm', 'simple-framebuffer', '^simpledrm',
        VESAFB, EFIFB, NO_KALLSYMS,
      ],
    },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const barLines = host.log(BAR);
    const byBdf = new Map<string, Conflict>();
    for (const l of barLines) {
      const m = BAR.exec(l.message)!;
      const bdf = m[2]!.toLowerCase();
      const c = byBdf.get(bdf) ?? { bdf, evidence: [] };
      c.evidence.push(l.evidence);
      byBdf.set(bdf, c);
    }
    // A framebuffer inside a BAR only matters for a card meant for a VM (the host's own GPU keeps its console).
    const forVm = (bdf: string) => {
      const d = host.device(bdf);
      return host.targets.gpus.includes(bdf) || d?.driver === 'vfio-pci' || d?.driverOverride === 'vfio-pci';
    };
    for (const c of iomemConflicts(host)) {
      if (!forVm(c.bdf) && !byBdf.has(c.bdf)) continue;
      const cur = byBdf.get(c.bdf);
      if (cur) {
        cur.evidence.push(...c.evidence);
        cur.owner ??= c.owner;
      } else byBdf.set(c.bdf, c);
    }
    // The VMM's own word for the same fault (README: Messages matched): it names no device, so it is the card meant for
    // the VM when there is exactly one.
    const busy = f.qemuErrors.filter((q) => q.kind === 'bar-busy');
    const vmCards = [...new Set([...host.targets.gpus, ...f.pci.filter((d) => d.driver === 'vfio-pci' && d.classCode?.startsWith('03')).map((d) => d.bdf)])];
    for (const q of busy) {
      const bdf = q.bdf ?? (vmCards.length === 1 ? vmCards[0] : undefined);
      if (!bdf) continue;
      const c = byBdf.get(bdf) ?? { bdf, evidence: [] };
      c.evidence.push(q.evidence);
      c.busy = true;
      byBdf.set(bdf, c);
    }
    const unplaced = busy.filter((q) => !q.bdf && vmCards.length !== 1);
    if (byBdf.size === 0 && unplaced.length)
      return [
        {
          messageId: 'unplacedBusy',
          evidence: unplaced.map((q) => q.evidence),
          fixes: [],
        },
      ];
    if (byBdf.size === 0) return []; // without the kernel log or /proc/iomem the engine says so
    const out: DraftOf<typeof messages>[] = [];
    for (const c of byBdf.values()) {
      const dev = host.device(c.bdf);
      const kind = framebufferKind(host, c.owner ? [c.owner] : []);
      const at6 = kernelAtLeast(host, 6, 0);
      const boundAtBoot = dev?.driver === 'vfio-pci';
      const cmd = cmdlineParams(host, kind);
      const present = cmd.add.filter((p) => hasParam(f.cmdline, p.split('=')[0]!, p.split('=').slice(1).join('=')));
      const video = paramValues(f.cmdline, 'video').filter((v) => /^(?:efifb|vesafb):off$/i.test(v));
      // A framebuffer driver for this card among its modules (lspci -k): it can hold the memory when it is loaded.
      const fbMods = [...new Set([...(dev?.modules ?? []), ...(dev?.driver ? [dev.driver] : [])])].filter((m) => FB_MODULES.test(m));
      const kernel: KernelNote | undefined = at6 === true ? { release: host.kernel!.release, at6, boundAtBoot } : at6 === false ? { release: host.kernel!.release, at6 } : undefined;
      const fixes: Fix[] = [];
      const fnc = dev ? slotFunctions(host, [c.bdf]) : [];
      // On 6.0+ binding at boot is the clean fix; the command-line parameter stays as the fallback variant.
      const bindFirst = at6 === true && !boundAtBoot && fnc.length > 0;
      if (bindFirst) fixes.push(...bindFixes(host, `${ID}/bind`, fnc));
      if (present.length < cmd.add.length) {
        const cl = cmdlineFixes(host, ID, `Keep the firmware framebuffer off the card (${cmd.add.join(' ')})`, { add: cmd.add, remove: kind === 'simple' ? video.map((v) => `video=${v}`) : [] }, {
          warnings: ['The host has no text console on this card until a real driver loads; use SSH or another GPU for the host.'],
        });
        fixes.push(...(bindFirst && fixes.length ? cl.map((x) => ({ ...x, recommended: false })) : cl));
      }
      out.push({
        messageId: 'conflict',
        data: {
          device: dev ? describeDevice(dev) : shortBdf(c.bdf),
          busyOnly: !!c.busy && !c.owner && !barLines.some((l) => l.message.includes(c.bdf)),
          owner: c.owner,
          reserveFailed: barLines.length > 0 || !!c.busy,
          fbModules: fbMods,
          bootVga: dev?.bootVga === true,
          kernel,
          why: cmd.why,
          video: kind === 'simple' && video.length ? video[0] : undefined,
        },
        evidence: [...c.evidence, ...(dev?.bootVga ? dev.evidence.slice(0, 1) : [])],
        fixes,
        devices: [c.bdf],
      });
    }
    return out;
  },
});
