// QEMU and libvirt error lines, wherever they appear in a line (libvirt wraps them in its own text).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';
import type { BuildMessage, QemuError } from '../schema/facts';

const PATTERNS: [QemuError['kind'], RegExp][] = [
  ['group-not-viable', /group (\d+) is not viable/i],
  ['container-eperm', /failed to (?:setup container for group (\d+): )?(?:Failed to )?set iommu for container: Operation not permitted/i],
  // QEMU prepends "failed to setup container for group N: " only in newer versions; older ones print the rest alone.
  ['container-einval', /(?:failed to setup container for group (\d+): )?failed to set group container: Invalid argument/i],
  ['no-iommu-group', /no iommu_group found/i],
  ['vfio-not-supported', /VFIO device assign?ment is currently not supported on this system/i],
  ['header-127', /Unknown PCI header type '127'/i],
  ['d3', /stuck in D3|Refused to change power state|Unable to change power state from D3/i],
  // Proxmox qemu-server PCI.pm prepare_pci_device (FLR through sysfs failed); libvirt virpci.c virPCIDeviceReset;
  // QEMU vfio_pci_hot_reset (no bus reset and no PM reset for the device).
  ['reset-failed', /failed to reset PCI device|error writing '1' to '\/sys\/bus\/pci\/devices\/[^']*\/reset'|Unable to reset PCI device \S+: no FLR, PM reset or bus reset available|Cannot reset device \S+, no available reset mechanism/i],
  ['builtin-modprobe', /modprobe: FATAL: Module vfio[-_]pci is builtin/i],
  // Other layers' words for the same faults (sources cited in the rules' READMEs, "Messages matched").
  // libvirt qemuHostdevPreparePCIDevicesCheckSupport: no IOMMU group in /sys/kernel/iommu_groups, or no /dev/vfio/vfio.
  ['vfio-not-supported', /host doesn't support (?:passthrough of host PCI devices|VFIO PCI passthrough)/i],
  // Proxmox: qemu-server PCI.pm prepare_pci_device; pve-manager's PCI selector when every device has iommugroup -1.
  ['no-iommu-group', /cannot prepare PCI pass-through, IOMMU not present|No IOMMU detected, please activate it/i],
  // /dev/kvm missing: Proxmox qemu-server config_to_command, libvirt qemuProcessStartValidate, QEMU kvm_init (ENOENT).
  ['kvm-missing', /KVM virtualisation configured, but not available|Domain requires KVM, but it is not available|Could not access KVM kernel module: No such file or directory|failed to initialize kvm: No such file or directory/i],
  // QEMU file_ram_alloc (mmap of the hugetlbfs / memory-backend file) failing with ENOMEM: the huge-page pool is short.
  // Proxmox qemu-server Memory.pm: hugepages_allocate could not grow the pool; hugepages_size found no such page size.
  ['hugepage-alloc', /unable to map backing store for guest RAM: Cannot allocate memory|hugepage allocation failed|your system doesn't support hugepages/i],
  // VFIO_IOMMU_MAP_DMA failing with ENOMEM (QEMU vfio_dma_map / vfio_container_dma_map): guest RAM could not be pinned,
  // for the lock limit or for want of memory (guest-ram-pin-failed tells them apart).
  ['dma-map-enomem', /VFIO_MAP_DMA failed: Cannot allocate memory|vfio_(?:container_)?dma_map\([^()]*\) = -12 \(Cannot allocate memory\)/i],
  // cloud-hypervisor's mmap of a BAR refused with EBUSY (pci/src/vfio.rs VfioPciDevice::map_mmio_regions(): the
  // kernel could not reserve the BAR for vfio — something else holds that memory).
  ['bar-busy', /Could not mmap sparse area \(offset = 0x[0-9a-f]+, size = 0x[0-9a-f]+\): Device or resource busy/i],
  // libvirt unable to raise RLIMIT_MEMLOCK (virProcessSetMaxMemLock): the locked-memory limit.
  ['memlock', /cannot limit locked memory of process \d+ to \d+: Operation not permitted/i],
];
const BDF_IN = /\b((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\b/i;
// A necessary condition of PATTERNS (each contains one of these literally, ignoring case): most lines fail this one test.
export const MAYBE_QEMU = /not viable|set iommu for container|set group container|no iommu_group found|device assig|PCI header type|stuck in D3|change power state|failed to reset PCI device|error writing '1' to '|is builtin|support passthrough of host PCI|support VFIO PCI passthrough|IOMMU not present|No IOMMU detected|KVM virtualisation configured|Domain requires KVM|Could not access KVM kernel module|failed to initialize kvm|map backing store|hugepage allocation failed|support hugepages|no available reset mechanism|Unable to reset PCI device|dma_map|MAP_DMA failed|cannot limit locked memory|mmap sparse area/i;

/** The QEMU/libvirt error kind of a line, if any. */
export function qemuErrorOf(text: string): { kind: QemuError['kind']; group?: number; bdf?: string } | undefined {
  if (!MAYBE_QEMU.test(text)) return undefined;
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const b = BDF_IN.exec(text);
    return { kind, group: m[1] ? Number(m[1]) : undefined, bdf: b ? normalizeBdf(b[1]!) : undefined };
  }
  return undefined;
}

// virsh/libvirt lines around the errors: understood context, no error of their own.
const CONTEXT = /^(?:error: (?:Failed to (?:start|create|detach|attach|reattach) (?:domain|device)|internal error|argument unsupported|operation failed)|Please ensure all devices within the iommu_group are bound)/i;

export const qemuParser: Parser = {
  kind: 'qemu',
  starts: (text) => qemuErrorOf(text) !== undefined || CONTEXT.test(text.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    for (const l of lines) {
      if (!l.text.trim()) continue;
      const e = qemuErrorOf(l.text);
      if (e) b.facts.qemuErrors.push({ ...e, evidence: evidenceOf(l) });
      // A domain log's own lines around the command line: its time-stamped entries, and QEMU's "char device redirected".
      else if (!/Please ensure all devices within the iommu_group are bound|^\s*(?:error:|qemu-system|\d{4}-\d\d-\d\d|char device redirected to )/i.test(l.text)) bad.push(l);
    }
    return bad;
  },
};

const BUILD: [RegExp, 'mkinitcpio' | 'dracut' | 'systemd-modules-load' | 'modprobe'][] = [
  [/==> ERROR: module not found: '([^']+)'/, 'mkinitcpio'],
  [/==> WARNING: errors were encountered during the build/, 'mkinitcpio'],
  [/dracut-install: Failed to find module '([^']+)'/, 'dracut'],
  // dracut's tag ("dracut[E]", "dracut[1234]") is short: a bounded tag, and the text after the first tag only, keep
  // these linear (with \S* and .*? they were cubic in a line of many "dracut[").
  [/dracut(?:\[[^\]\s]{0,16}\])?: FAILED: (?:(?:(?! -m ).)* -m (.*))?/, 'dracut'],
  [/^(?:(?!dracut(?:\[[^\]\s]{0,16}\])?: ).)*dracut(?:\[[^\]\s]{0,16}\])?: .*should have surrounding white spaces/, 'dracut'],
  [/systemd-modules-load\[\d+\]: Failed to find module '([^']+)'/, 'systemd-modules-load'],
  // systemd src/shared/module-util.c module_load_and_warn(): "Failed to insert module '%s': %m" (LOG_ERR but for
  // ENODEV/ENOENT) — the journal's word for modprobe's "could not insert 'kvm_intel': Operation not supported".
  [/systemd-modules-load\[\d+\]: Failed to insert module '([^']+)'/, 'systemd-modules-load'],
  [/modprobe: FATAL: Module (\S+) not found/, 'modprobe'],
];
// A necessary condition of BUILD (each contains one of these literally, case-sensitive): most lines fail this one test.
export const MAYBE_BUILD = /==> |dracut|systemd-modules-load\[|modprobe: FATAL/;

/** The initramfs/module-loading message of a line, if any (also used for journal lines). */
export function buildMessageOf(text: string): { tool: BuildMessage['tool']; module?: string } | undefined {
  if (!MAYBE_BUILD.test(text)) return undefined;
  for (const [re, tool] of BUILD) {
    const m = re.exec(text);
    if (!m) continue;
    const module = m[1] && !m[1].includes(' ') ? m[1] : m[1]?.split(/\s+/).find((x) => /virqfd/.test(x));
    return module ? { tool, module } : { tool };
  }
  return undefined;
}

export const buildLogParser: Parser = {
  kind: 'build-log',
  starts: (text) => MAYBE_BUILD.test(text) && BUILD.some(([re]) => re.test(text)),
  continues: (text) => /^\s*(?:==>|  ->|dracut)/.test(text),
  parse(lines, b) {
    for (const l of lines) {
      const m = buildMessageOf(l.text);
      if (m) b.facts.buildMessages.push({ ...m, evidence: evidenceOf(l) });
    }
    // The rest of a build log (hooks, "-> Running build hook") is understood and carries nothing for us.
    return [];
  },
};
