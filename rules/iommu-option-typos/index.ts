// B5: IOMMU parameters the kernel ignores or rejects (iommu=on, intel_iommu=pt, amd_iommu=pt, misspelt names).
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { parseCmdlineString, normalizeKey } from '../../src/parse/cmdline';
import type { Cmdline, CmdlineParam } from '../../src/schema/facts';
import type { Evidence } from '../../src/schema/evidence';
import type { Host } from '../../src/facts/host';
import { zh } from './zh';

const ID = 'iommu-option-typos';

// drivers/iommu/intel/iommu.c intel_iommu_setup(): strncmp prefixes; older kernels also had ecs_off, pasid28, nobounce;
// relax_rmrr comes from the out-of-tree RMRR patch some kernels (Proxmox builds) carry.
const INTEL_WORDS = ['on', 'off', 'igfx_off', 'forcedac', 'strict', 'sp_off', 'sm_on', 'sm_off', 'tboot_noforce', 'ecs_off', 'pasid28', 'nobounce', 'relax_rmrr'];
// drivers/iommu/amd/init.c parse_amd_iommu_options(); "on" is amd-iommu-on-noop's business.
const AMD_WORDS = ['fullflush', 'force_enable', 'off', 'force_isolation', 'pgtbl_v1', 'pgtbl_v2', 'irtcachedis', 'nohugepages', 'v2_pgsizes_only', 'on'];
// arch/x86/kernel/pci-dma.c iommu_setup() knows off, force, noforce, pt, nopt, soft, … but not these: silently ignored.
const X86_IOMMU_ON = /^(?:on|1|y|yes|true|enable|enabled)$/i;
const MEANS_ON = /^(?:1|y|yes|true|enable|enabled)$/i;
const KNOWN_KEYS = new Set(['iommu', 'intel_iommu', 'amd_iommu', 'amd_iommu_dump', 'amd_iommu_intr', 'intremap', 'nointremap', 'pcie_acs_override']);

/** What is wrong with one parameter, as data; whyText() words it. */
export type Why =
  | { kind: 'noValue'; raw: string; key: string }
  | { kind: 'x86On'; bad: string[]; vendor: Host['cpuVendor'] }
  | { kind: 'intelUnknown'; bad: string[] }
  | { kind: 'amdUnknown'; bad: string[] }
  | { kind: 'misspelt'; raw: string; target: string };

function whyText(w: Why): string {
  switch (w.kind) {
    case 'noValue':
      return `"${w.raw}" has no value: the kernel only knows ${w.key}=…, so the word is handed to init and does nothing`;
    case 'x86On':
      return `iommu=${w.bad.join(',')} is not an x86 iommu= value (the parser knows off, force, noforce, pt, nopt, soft, …) and is ignored without any message; it enables nothing${w.vendor === 'amd' ? ' (the AMD IOMMU is on by itself when the firmware provides it)' : w.vendor === 'intel' ? ' — Intel VT-d is switched on with intel_iommu=on' : ' — on Intel the switch is intel_iommu=on, on AMD none is needed'}`;
    case 'intelUnknown':
      return `intel_iommu= does not know ${w.bad.map((x) => `"${x}"`).join(', ')} (valid: on, off, igfx_off, sp_off, sm_on, sm_off, tboot_noforce); kernels since 5.16 log "DMAR: Unknown option - '${w.bad[0]}'"${w.bad.includes('pt') ? '; passthrough mode is iommu=pt, a separate parameter' : ''}`;
    case 'amdUnknown':
      return `amd_iommu= does not know ${w.bad.map((x) => `"${x}"`).join(', ')} (valid: off, force_enable, force_isolation, pgtbl_v1, pgtbl_v2, irtcachedis, nohugepages, v2_pgsizes_only); kernels since about 6.2 log "AMD-Vi: Unknown option - '${w.bad[0]}'", older ones ignore it silently${w.bad.includes('pt') ? '; passthrough mode is iommu=pt' : ''}`;
    case 'misspelt':
      return `"${w.raw}" is not a kernel parameter (a misspelling of ${w.target}=), so it does nothing`;
  }
}

export const messages = {
  ignored: ({ whys, configuredOnly, add }: { whys: Why[]; configuredOnly: string[]; add: string[] }) =>
    `${whys.map(whyText).join('. ')}.${configuredOnly.length ? ` (${configuredOnly.join(', ')} ${configuredOnly.length > 1 ? 'are' : 'is'} only in the boot configuration so far.)` : ''} ${add.length ? `Write ${add.join(' ')} instead.` : 'Remove it.'}`,
  listedByMistake: ({ param }: { param: string }) =>
    `"${param}" appears in the kernel's list of unknown parameters, but it is valid: kernels 5.14 and early 5.15 listed intel_iommu= there by mistake (its handler returned 0; fixed in 5.16 and 5.15.y). It was applied. Other words in that line (BOOT_IMAGE=, splash, …) are the boot loader's or init's and are harmless.`,
};

const DMAR_UNKNOWN = /^DMAR: Unknown option - '(.+)'$/;
const AMD_UNKNOWN = /^AMD-Vi: Unknown option - '(.+)'$/;
const UNKNOWN_PARAMS = /^Unknown kernel command line parameters "(.*)", will be passed to user space/;
const UNKNOWN_PARAMS_514 = /^Unknown command line parameters:\s*(.*)/;

interface Problem {
  raw: string;
  why: Why;
  add: string[];
  /** Remove by key when only the log told us about it (the exact token is unknown). */
  remove: string;
  evidence: Evidence[];
}

/**
 * Edit distance of a and b, or max + 1 when it is more than max. Every unknown parameter of a command line is measured
 * against three names: the length difference (a lower bound) settles most of them, and one row is kept, not a matrix.
 */
function lev(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return Math.min(row[b.length]!, max + 1);
}

const valid = (words: string[], w: string) => words.some((v) => w.toLowerCase().startsWith(v));

/** What is wrong with one parameter, if anything, and what to write instead. */
function judge(p: CmdlineParam, vendor: Host['cpuVendor']): Omit<Problem, 'evidence'> | undefined {
  const k = p.key;
  const words = (p.value ?? '').split(',').filter(Boolean);
  if (k === 'iommu' || k === 'intel_iommu' || k === 'amd_iommu') {
    if (p.value === undefined)
      return { raw: p.raw, remove: p.raw, why: { kind: 'noValue', raw: p.raw, key: k }, add: k === 'intel_iommu' ? ['intel_iommu=on'] : [] };
  }
  if (k === 'iommu') {
    const bad = words.filter((w) => X86_IOMMU_ON.test(w));
    if (!bad.length) return undefined;
    const add = vendor === 'intel' ? ['intel_iommu=on'] : [];
    return {
      raw: p.raw,
      remove: p.raw,
      why: { kind: 'x86On', bad, vendor },
      add,
    };
  }
  if (k === 'intel_iommu') {
    const bad = words.filter((w) => !valid(INTEL_WORDS, w));
    if (!bad.length) return undefined;
    const keep = words.filter((w) => valid(INTEL_WORDS, w));
    if (!keep.some((w) => /^on/.test(w)) && bad.some((w) => MEANS_ON.test(w) || w === 'pt')) keep.unshift('on');
    const add = [...(keep.length ? [`intel_iommu=${keep.join(',')}`] : []), ...(bad.includes('pt') ? ['iommu=pt'] : [])];
    return { raw: p.raw, remove: p.raw, why: { kind: 'intelUnknown', bad }, add };
  }
  if (k === 'amd_iommu') {
    const bad = words.filter((w) => !valid(AMD_WORDS, w));
    if (!bad.length) return undefined;
    const keep = words.filter((w) => valid(AMD_WORDS, w) && !/^on/.test(w));
    const add = [...(keep.length ? [`amd_iommu=${keep.join(',')}`] : []), ...(bad.includes('pt') ? ['iommu=pt'] : [])];
    return { raw: p.raw, remove: p.raw, why: { kind: 'amdUnknown', bad }, add };
  }
  if (k.includes('.') || KNOWN_KEYS.has(k)) return undefined;
  // Misspelt names: "intel_iommu_on", "intel_iomu=on", "amd-iommu" are not parameters at all.
  const glued = /^(intel|amd)_?iommu_?(on|off|pt)$/.exec(k);
  const target = ['intel_iommu', 'amd_iommu'].find((t) => lev(k, t, 2) <= 2) ?? (k.length >= 4 && lev(k, 'iommu', 1) === 1 ? 'iommu' : undefined) ?? (glued ? `${glued[1]}_iommu` : undefined);
  if (!target) return undefined;
  const value = glued ? glued[2] : p.value;
  const fixed = value ? `${target}=${value}` : undefined;
  const add = fixed && !(target === 'amd_iommu' && value === 'on') ? [fixed] : [];
  return { raw: p.raw, remove: p.raw, why: { kind: 'misspelt', raw: p.raw, target }, add };
}

function configured(host: Host): Cmdline[] {
  const f = host.facts;
  const out: Cmdline[] = [];
  for (const v of ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT']) {
    const g = f.grubVars?.[v];
    if (g) out.push(parseCmdlineString(g.value, g.evidence));
  }
  if (f.kernelCmdlineFile) out.push(f.kernelCmdlineFile);
  return out;
}

/** Tokens of "Unknown kernel command line parameters" (5.15+) or "Unknown command line parameters:" (5.14). */
function unknownTokens(message: string): string[] | undefined {
  const m = UNKNOWN_PARAMS.exec(message) ?? UNKNOWN_PARAMS_514.exec(message);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : undefined;
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'B5',
    title: 'IOMMU kernel parameters that do nothing',
    severity: 'warning',
    category: 'iommu',
    summary: 'iommu=on, intel_iommu=pt, amd_iommu=pt and misspelt IOMMU parameters are ignored (or logged as unknown) and enable nothing.',
    docs: ['https://docs.kernel.org/admin-guide/kernel-parameters.html'],
    keywords: ['iommu=on', 'intel_iommu=pt', 'amd_iommu=pt', 'Unknown option', 'Unknown kernel command line parameters', 'typo', 'ignored'],
    // The parameters are read from the running command line, the boot configuration, or the kernel's complaints.
    requires: [{ anyOf: ['cmdline', 'bootConfig', 'kernelLog'] }],
    reads: { log: [DMAR_UNKNOWN, AMD_UNKNOWN, UNKNOWN_PARAMS, UNKNOWN_PARAMS_514] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const problems = new Map<string, Problem>();
    const note = (j: Omit<Problem, 'evidence'>, ev: Evidence) => {
      const p = problems.get(j.raw) ?? { ...j, evidence: [] };
      p.evidence.push(ev);
      problems.set(j.raw, p);
    };
    for (const c of [f.cmdline, ...configured(host)]) {
      if (!c) continue;
      for (const p of c.params) {
        const j = judge(p, host.cpuVendor);
        if (j) note(j, c.evidence);
      }
    }
    const running = f.cmdline?.params ?? [];
    // The kernel's own complaints: attach them to the token they name, or stand alone when no command line was given.
    for (const [re, key] of [[DMAR_UNKNOWN, 'intel_iommu'], [AMD_UNKNOWN, 'amd_iommu']] as const) {
      for (const l of host.log(re)) {
        const rest = re.exec(l.message)![1]!;
        if (key === 'amd_iommu' && /^on(?:,|$)/.test(rest)) continue; // amd-iommu-on-noop
        const own = [...problems.values()].find((p) => normalizeKey(p.raw.split('=')[0]!) === key);
        if (own) own.evidence.push(l.evidence);
        else {
          const j = judge({ key, value: rest, raw: `${key}=${rest}` }, host.cpuVendor);
          if (j) note({ ...j, remove: running.some((p) => p.key === key) ? j.raw : key }, l.evidence);
        }
      }
    }
    const out: DraftOf<typeof messages>[] = [];
    for (const l of f.kernelLog) {
      const toks = unknownTokens(l.message);
      if (!toks) continue;
      for (const t of toks) {
        const p = parseCmdlineString(t, l.evidence).params[0];
        if (!p) continue;
        const j = judge(p, host.cpuVendor);
        if (j) note(j, l.evidence);
        else if (p.key === 'intel_iommu') {
          // 5.14 and early 5.15 listed a valid intel_iommu= here because its parser returned 0 (fixed by 5240aed2cd25).
          out.push({
            severity: 'info',
            messageId: 'listedByMistake',
            data: { param: p.raw },
            evidence: [l.evidence],
            fixes: [],
          });
        }
      }
    }
    if (problems.size) {
      const list = [...problems.values()];
      const add = [...new Set(list.flatMap((p) => p.add))].filter((a) => !running.some((r) => r.raw === a));
      const remove = list.map((p) => p.remove);
      const configuredOnly = list.filter((p) => f.cmdline && !running.some((r) => r.raw === p.raw) && p.remove === p.raw);
      out.unshift({
        messageId: 'ignored',
        data: { whys: list.map((p) => p.why), configuredOnly: configuredOnly.map((p) => p.raw), add },
        evidence: list.flatMap((p) => p.evidence),
        fixes: cmdlineFixes(host, ID, add.length ? `Replace ${remove.join(' ')} with ${add.join(' ')}` : `Remove ${remove.join(' ')}`, { remove, add }),
      });
    }
    return out;
  },
});
