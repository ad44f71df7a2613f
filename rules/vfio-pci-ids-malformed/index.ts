// E4: vfio-pci.ids written wrong (spaces, PCI addresses, bad separators) or naming IDs that match no device.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import type { Fix, FixStep } from '../../src/schema/fix';
import { paramValues } from '../../src/parse/cmdline';
import { normalizeBdf } from '../../src/pci/bdf';
import { idOf, targetFunctions } from '../../src/facts/targets';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { describeDevice } from '../../src/engine/describe';
import { replaceLineSteps } from '../../src/engine/fixes/file-steps';
import { zh } from './zh';
import { scanFields } from './scan-fields';

const ID = 'vfio-pci-ids-malformed';
const PAIR = /^([0-9a-f]{4}):([0-9a-f]{4})(?::[0-9a-f]{1,8}){0,4}$/i;
const ADDRESS = /^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;
const LOOSE_PAIR = /^(?:0x)?([0-9a-f]{4})[-_.;/ ](?:0x)?([0-9a-f]{4})$/i;
// drivers/vfio/pci/vfio_pci.c vfio_pci_fill_ids(): "invalid id string", "failed to add dynamic id", "add [%04x:%04x[…".
const INVALID = /^vfio_pci: invalid id string "/;
const FAILED = /^vfio_pci: failed to add dynamic id/;
const ADDED = /^vfio_pci: add \[[0-9a-f]{4}:[0-9a-f]{4}\[/;

export type Kind = 'address' | 'separator' | 'invalid' | 'space' | 'nomatch' | 'dynid';
/** A problem as the message words it: the token, what is wrong, where it was written, what was meant. */
export type Wrong = { token: string; kind: Kind; via: 'cmdline' | 'modprobe' | 'log'; meant?: string };

export const messages = {
  malformed: ({ problems, param, devices, unresolved }: { problems: Wrong[]; param?: string; devices: string[]; unresolved: boolean }) =>
    `The vfio-pci ID list is wrong, so vfio-pci will not claim the intended devices: ${[...new Set(problems.map(explain))].join('; ')}. IDs are vendor:device pairs from \`lspci -nn\`, separated by commas with no spaces${param ? `; here: ${param}` : ''}.${devices.length ? ` Meant: ${devices.join(', ')}.` : ''}${unresolved ? ' Some entries could not be translated to IDs from what was given: paste `lspci -nn`.' : ''}`,
};

interface Problem {
  token: string;
  kind: Kind;
  via: 'cmdline' | 'modprobe' | 'log';
  evidence: Evidence;
  /** The vendor:device the user most likely meant, when it can be told. */
  meant?: string;
}


const normId = (tok: string) => {
  const m = PAIR.exec(tok.replace(/0x/gi, ''));
  return m ? `${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}` : undefined;
};

function classify(host: Host, tok: string, via: Problem['via'], evidence: Evidence): Problem | undefined {
  const t = tok.trim().replace(/^"|"$/g, '');
  if (!t) return undefined;
  if (ADDRESS.test(t)) {
    const d = host.device(normalizeBdf(t) ?? '');
    return { token: t, kind: 'address', via, evidence, meant: d ? idOf(d) : undefined };
  }
  const id = normId(t);
  if (id) {
    // Only a complete listing that shows IDs (sysfs, lspci -nn) can prove no device has this one.
    const noDevice = host.facts.pciComplete && host.facts.pci.every((d) => idOf(d) !== undefined) && !host.facts.pci.some((d) => idOf(d) === id);
    // Vendor IDs below 0x0100 are not assigned: "0001:0000" is what a PCI address turns into.
    return noDevice || /^00/.test(id) ? { token: t, kind: 'nomatch', via, evidence } : undefined;
  }
  const loose = LOOSE_PAIR.exec(t);
  if (loose) return { token: t, kind: 'separator', via, evidence, meant: `${loose[1]!.toLowerCase()}:${loose[2]!.toLowerCase()}` };
  return { token: t, kind: 'invalid', via, evidence };
}

function explain(p: Wrong): string {
  switch (p.kind) {
    case 'address':
      return `"${p.token}" is a PCI address, not an ID: the kernel reads it as vendor ${p.token.split(/[:.]/)[0]!.padStart(4, '0')}, device ${p.token.split(/[:.]/)[1]!.padStart(4, '0')}, which matches nothing${p.meant ? ` (the device at ${p.token} is ${p.meant})` : ''}`;
    case 'separator':
      return `"${p.token}" separates vendor and device with something other than ":"${scanFields(p.token) < 2 ? ', so the kernel rejects it ("invalid id string")' : ''}`;
    case 'invalid':
      return scanFields(p.token) < 2 ? `"${p.token}" is not vendor:device, so the kernel rejects it ("invalid id string")` : `"${p.token}" is not a 4-digit vendor:device pair and matches no device`;
    case 'space':
      return `"${p.token}" is separated from the list by a space, so it is not part of it (${p.via === 'cmdline' ? 'the kernel takes it for a separate, unknown parameter' : 'modprobe passes it as an unknown parameter'})`;
    case 'nomatch':
      return /^00/.test(p.token)
        ? `${p.token} is not a real ID (vendor IDs below 0100 are unassigned): it is what the kernel makes of a PCI address such as ${Number.parseInt(p.token.slice(0, 4), 16).toString(16).padStart(2, '0')}:${p.token.slice(7, 9)}.0 written in place of an ID`
        : `${p.token} matches no PCI device on this host`;
    case 'dynid':
      return `vfio-pci could not add an ID (${p.token})`;
  }
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E4',
    title: 'vfio-pci.ids is malformed or names IDs that match no device',
    severity: 'warning',
    category: 'binding',
    summary: 'IDs must be vendor:device pairs from lspci -nn, comma-separated, no spaces; PCI addresses or other separators never match.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Binding_vfio-pci_via_device_ID'],
    keywords: ['vfio-pci.ids', 'invalid id string', 'failed to add dynamic id', 'ids=', 'comma', 'space', 'wrong id', 'vfio_pci: add'],
    requires: [{ anyOf: ['cmdline', 'modprobe', 'kernelLog'] }],
    reads: { log: [INVALID, FAILED, ADDED] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const problems: Problem[] = [];
    // Command line: each token of each vfio-pci.ids= value, and ID-shaped bare tokens (a space broke the list).
    if (f.cmdline) {
      for (const v of paramValues(f.cmdline, 'vfio_pci.ids')) for (const tok of v.split(',')) { const p = classify(host, tok, 'cmdline', f.cmdline.evidence); if (p) problems.push(p); }
      const hasIds = paramValues(f.cmdline, 'vfio_pci.ids').length > 0;
      for (const p of f.cmdline.params) if (hasIds && p.value === undefined && (normId(p.key) || ADDRESS.test(p.key))) problems.push({ token: p.raw, kind: 'space', via: 'cmdline', evidence: f.cmdline.evidence, meant: normId(p.key) });
    }
    // modprobe.d: "options vfio-pci ids=…" and ID-shaped words after it.
    for (const d of f.modprobe) {
      if (d.kind !== 'options' || d.module !== 'vfio_pci') continue;
      const words = d.args.split(/\s+/);
      const ids = words.find((w) => w.startsWith('ids='));
      if (!ids) continue;
      for (const tok of ids.slice(4).split(',')) { const p = classify(host, tok, 'modprobe', d.evidence); if (p) problems.push(p); }
      for (const w of words) if (!w.includes('=') && (normId(w) || ADDRESS.test(w))) problems.push({ token: w, kind: 'space', via: 'modprobe', evidence: d.evidence, meant: normId(w) });
    }
    // The kernel's own word: rejected strings, failed IDs, and applied IDs that match nothing.
    for (const l of host.log(INVALID)) {
      const tok = /invalid id string "(.*)"/.exec(l.message)![1]!;
      if (!problems.some((p) => p.token === tok)) problems.push(classify(host, tok, 'log', l.evidence) ?? { token: tok, kind: 'invalid', via: 'log', evidence: l.evidence });
      else problems.find((p) => p.token === tok)!.evidence = l.evidence;
    }
    for (const l of host.log(FAILED)) problems.push({ token: l.message.replace(/^vfio_pci: failed to add dynamic id /, ''), kind: 'dynid', via: 'log', evidence: l.evidence });
    for (const l of host.log(ADDED)) {
      const id = /add \[([0-9a-f]{4}:[0-9a-f]{4})\[/.exec(l.message)![1]!;
      const p = classify(host, id, 'log', l.evidence);
      if (p && !problems.some((q) => q.kind !== 'space' && (q.token === id || (q.kind === 'address' && addressAsId(q.token) === id)))) problems.push(p);
    }
    if (problems.length === 0) return []; // without any of its inputs the engine says so
    return [finding(host, problems)];
  },
});

/** What the kernel makes of a PCI address: "01:00.0" → 0001:0000. */
function addressAsId(tok: string): string {
  const [a, b] = tok.split(/[:.]/) as [string, string];
  return `${a.padStart(4, '0').slice(-4)}:${b.padStart(4, '0').slice(-4)}`.toLowerCase();
}

function finding(host: Host, problems: Problem[]): DraftOf<typeof messages> {
  const f = host.facts;
  // The corrected list: every valid ID that was meant, in order, then the target's functions when an ID matched nothing.
  const configured = host.vfioIds.entries.filter((e) => e.via !== 'pci-stub-cmdline' && e.valid).map((e) => e.id);
  const bad = new Set(problems.filter((p) => p.kind === 'nomatch').map((p) => normId(p.token)));
  const meant = problems.map((p) => p.meant).filter((x): x is string => !!x);
  const fromTarget = problems.some((p) => p.kind === 'nomatch' || ((p.kind === 'address' || p.kind === 'invalid') && !p.meant)) ? targetFunctions(host).map(idOf).filter((x): x is string => !!x) : [];
  const corrected = [...new Set([...configured.filter((i) => !bad.has(i)), ...meant, ...fromTarget])];
  const unresolved = problems.some((p) => (p.kind === 'address' || p.kind === 'invalid' || p.kind === 'nomatch') && !p.meant) && fromTarget.length === 0;
  const param = `vfio-pci.ids=${corrected.join(',')}`;
  const fixes: Fix[] = [];
  const manual: FixStep = { kind: 'manual', description: 'Take each vendor:device ID from the square brackets at the end of `lspci -nn` lines (e.g. [10de:1b80]) for every function of the card; write them comma-separated with no spaces.' };
  const verify: FixStep = { kind: 'verify', description: 'After the reboot the kernel log shows one "vfio_pci: add [vvvv:dddd[…" line per ID and no "invalid id string"', argv: ['sh', '-c', 'dmesg | grep vfio_pci'] };
  const onCmdline = problems.some((p) => p.via === 'cmdline');
  if (onCmdline && f.cmdline) {
    const remove = [...new Set([...f.cmdline.params.filter((p) => p.key === 'vfio_pci.ids').map((p) => p.raw), ...problems.filter((p) => p.kind === 'space' && p.via === 'cmdline').map((p) => p.token)])];
    const extra = { verify: [verify] };
    fixes.push(...cmdlineFixes(host, ID, corrected.length ? `Write ${param}` : 'Rewrite vfio-pci.ids', corrected.length ? { remove, add: [param] } : { remove }, extra).map((x) => (unresolved || !corrected.length ? { ...x, steps: [manual, ...x.steps] } : x)));
  }
  for (const d of f.modprobe.filter((m) => m.kind === 'options' && m.module === 'vfio_pci' && problems.some((p) => p.via === 'modprobe' && p.evidence === m.evidence))) {
    const rest = d.args.split(/\s+/).filter((w) => !w.startsWith('ids=') && !(!w.includes('=') && (normId(w) || ADDRESS.test(w))));
    const line = `options vfio-pci ${[`ids=${corrected.join(',')}`, ...rest].join(' ')}`;
    fixes.push({
      id: `${ID}/modprobe`,
      title: `Rewrite the options line in ${d.evidence.source}`,
      recommended: fixes.length === 0,
      needsReboot: true,
      needsInitramfs: true,
      warnings: host.vfioPciBuiltin === true ? ['vfio-pci is built into this kernel: options in /etc/modprobe.d never reach it (see vfio-pci-builtin-modprobe-ignored); use the command line instead.'] : [],
      steps: [...(unresolved || !corrected.length ? [manual] : []), ...replaceLineSteps(host, d.evidence.source, d.evidence.text, line, `Correct the vfio-pci options in ${d.evidence.source}`), { kind: 'reboot', description: 'vfio-pci reads its IDs when it loads at boot (rebuild the initramfs first if vfio-pci loads from it).' }, verify],
    });
  }
  if (fixes.length === 0)
    fixes.push({
      id: `${ID}/rewrite`,
      title: corrected.length ? `Use ${param}` : 'Rewrite the vfio-pci ID list',
      recommended: true,
      needsReboot: true,
      needsInitramfs: false,
      warnings: [],
      steps: [
        ...(unresolved || !corrected.length ? [manual] : []),
        { kind: 'manual', description: `Wherever the IDs are configured (kernel command line or "options vfio-pci ids=" in /etc/modprobe.d), write ${corrected.length ? param : 'vfio-pci.ids=vvvv:dddd,vvvv:dddd'} — comma-separated, no spaces.` },
        { kind: 'reboot', description: 'vfio-pci reads its IDs when it loads at boot.' },
        verify,
      ],
    });
  const devs = problems.map((p) => (p.kind === 'address' ? host.device(normalizeBdf(p.token) ?? '') : undefined)).filter((d) => !!d);
  return {
    messageId: 'malformed',
    data: {
      problems: problems.map(({ token, kind, via, meant }) => ({ token, kind, via, meant })),
      param: corrected.length ? param : undefined,
      devices: devs.map((d) => describeDevice(d)),
      unresolved,
    },
    evidence: problems.map((p) => p.evidence),
    fixes,
    devices: devs.map((d) => d.bdf),
  };
}

