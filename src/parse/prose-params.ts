// Kernel parameters a user says they set, written in a sentence ("With vfio-pci.ids=1002:67df,1002:aaf0 …", "put
// iommu=on on kernel line using kernelstub -a 'iommu=on'"): configuration as stated, kept apart from any real file.
import { evidenceOf, type Line } from './line';
import type { FactsSink } from '../schema/facts-sink';
import type { CmdlineParam } from '../schema/facts';
import { normalizeKey } from './cmdline';
import { assertedAt } from './prose-mentions';

/**
 * The parameters passthrough threads are about (the keys cmdline.ts's PARAM_HINT knows, and the vfio-pci/kvm module
 * parameters): a word=value in prose is only read for these, so "x=1" in a sentence is never a kernel parameter.
 * The value runs to a space or quote; trailing sentence punctuation is not part of it.
 */
const PARAM = /(?:^|[\s`'"(])((?:vfio[-_]pci\.\w+|pci[-_]stub\.ids|intel_iommu|amd_iommu|iommu|iommu\.\w+|pcie_acs_override|video|initcall_blacklist|modprobe\.blacklist|module_blacklist|rd\.driver\.pre|rd\.driver\.blacklist|kvm\.ignore_msrs|kvm_amd\.\w+|kvm_intel\.\w+)=[^\s`'"]+)/gi;

// Besides questions and negations (assertedAt): advice to someone else or from someone else, and attempts to come.
const NOT_MINE = /\b(?:you|your|suggest\w*|recommend\w*|advi[cs]e\w*|told me|supposed to|try|trying|need to|needs to|have to|guide|tutorial|wiki)\b/i;
const CLAUSE_CUT = /[,.;:!?()]|\b(?:so|but|and|then|because|which|while)\b/i;

/** The parameters a prose line states as set, each with its raw token. */
export function statedParams(text: string): CmdlineParam[] {
  if (!text.includes('=')) return [];
  const out: CmdlineParam[] = [];
  for (const m of text.matchAll(PARAM)) {
    const at = m.index + m[0].length - m[1]!.length;
    if (!assertedAt(text, at)) continue;
    const before = text.slice(0, at).split(CLAUSE_CUT).at(-1) ?? '';
    if (NOT_MINE.test(before)) continue;
    const raw = m[1]!.replace(/[.,;:)!?]+$/, '');
    const eq = raw.indexOf('=');
    const value = raw.slice(eq + 1);
    if (!value) continue;
    out.push({ key: normalizeKey(raw.slice(0, eq)), value, raw });
  }
  return out;
}

/** Read the stated parameters of prose lines into facts.statedParams. */
export function readStatedParams(lines: Line[], b: FactsSink): void {
  for (const l of lines) {
    if (!l.text.includes(' ')) continue; // a lone token is a command-line fragment, not a sentence
    for (const param of statedParams(l.text)) (b.facts.statedParams ??= []).push({ param, evidence: evidenceOf(l) });
  }
}
