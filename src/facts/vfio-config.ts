// Where vfio-pci (and pci-stub) device IDs are configured: kernel command line and modprobe.d.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import { paramValues } from '../parse/cmdline';

export interface IdEntry {
  /** "10de:2203" lower case; the raw token when it is malformed. */
  id: string;
  valid: boolean;
  via: 'cmdline' | 'modprobe' | 'pci-stub-cmdline';
  evidence: Evidence;
}

export interface ConfiguredIds {
  entries: IdEntry[];
  /**
   * vfio-pci.ids the user only states in prose ("With vfio-pci.ids=…"): kept out of `entries` and `vfio`, so no rule
   * treats a sentence as configuration unless it reads these and says so.
   */
  stated: { id: string; valid: boolean; evidence: Evidence }[];
  /** Valid vendor:device pairs bound to vfio-pci by any configuration. */
  vfio: Set<string>;
}

const ID = /^([0-9a-f]{4}):([0-9a-f]{4})(?::[0-9a-f]{4}:[0-9a-f]{4}(?::[0-9a-f]{1,6}(?::[0-9a-f]{1,6})?)?)?$/i;

export function splitIds(value: string): { id: string; valid: boolean }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((tok) => {
      const m = ID.exec(tok.replace(/0x/gi, ''));
      return m ? { id: `${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}`, valid: true } : { id: tok, valid: false };
    });
}

export function configuredVfioIds(f: Facts): ConfiguredIds {
  const entries: IdEntry[] = [];
  if (f.cmdline) {
    for (const v of paramValues(f.cmdline, 'vfio_pci.ids')) for (const e of splitIds(v)) entries.push({ ...e, via: 'cmdline', evidence: f.cmdline.evidence });
    for (const v of paramValues(f.cmdline, 'pci_stub.ids')) for (const e of splitIds(v)) entries.push({ ...e, via: 'pci-stub-cmdline', evidence: f.cmdline.evidence });
  }
  for (const d of f.modprobe) {
    if (d.kind !== 'options' || d.module !== 'vfio_pci') continue;
    const m = /(?:^|\s)ids=(\S+)/.exec(d.args);
    if (m) for (const e of splitIds(m[1]!)) entries.push({ ...e, via: 'modprobe', evidence: d.evidence });
  }
  const stated = (f.statedParams ?? []).filter((s) => s.param.key === 'vfio_pci.ids').flatMap((s) => splitIds(s.param.value ?? '').map((e) => ({ ...e, evidence: s.evidence })));
  return { entries, stated, vfio: new Set(entries.filter((e) => e.valid && e.via !== 'pci-stub-cmdline').map((e) => e.id)) };
}
