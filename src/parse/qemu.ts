// QEMU and libvirt error lines, wherever they appear in a line (libvirt wraps them in its own text).
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from './bdf';
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
  ['reset-failed', /failed to reset PCI device|error writing '1' to '\/sys\/bus\/pci\/devices\/[^']*\/reset'/i],
  ['builtin-modprobe', /modprobe: FATAL: Module vfio[-_]pci is builtin/i],
];
const BDF_IN = /\b((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\b/i;
// A necessary condition of PATTERNS (each contains one of these literally, ignoring case): most lines fail this one test.
export const MAYBE_QEMU = /not viable|set iommu for container|set group container|no iommu_group found|device assig|PCI header type|stuck in D3|change power state|failed to reset PCI device|error writing '1' to '|is builtin/i;

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
      else if (!/Please ensure all devices within the iommu_group are bound|^\s*(?:error:|qemu-system|\d{4}-\d\d-\d\d)/i.test(l.text)) bad.push(l);
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
