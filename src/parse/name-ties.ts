// Ties devices listed by name only (lspci without -nn) to IDs and groups a listing without addresses gave for the same name.
import type { Facts } from '../schema/facts';
import type { Evidence } from '../schema/evidence';
import type { FactsSink } from '../schema/facts-sink';
import { tr } from '../i18n/lang';

export interface NamedEntry {
  className?: string;
  name: string;
  vendor: string;
  device: string;
  group?: number;
  evidence: Evidence;
}

const named = new WeakMap<FactsSink, NamedEntry[]>();

/** Remember a device a tool named with its ID (and group) but without a PCI address. */
export function rememberNamed(b: FactsSink, e: NamedEntry): void {
  let list = named.get(b);
  if (!list) named.set(b, (list = []));
  list.push(e);
}

const key = (className: string | undefined, name: string) => `${(className ?? '').toLowerCase()}\u0000${name.replace(/\s+/g, ' ').trim().toLowerCase()}`;

/**
 * After parsing: a device known by address and name but without IDs takes the ID (and group) of the one entry with
 * the same class and name. Two cards of one model are told apart by nothing here, so a name seen twice ties nothing.
 */
export function tieNames(b: FactsSink, f: Facts): void {
  const list = named.get(b);
  if (!list?.length) return;
  const byKey = new Map<string, NamedEntry[]>();
  for (const e of list) {
    const k = key(e.className, e.name);
    const have = byKey.get(k) ?? [];
    // The same device shown on two screens of the tool is one entry.
    if (!have.some((h) => h.vendor === e.vendor && h.device === e.device && h.group === e.group)) have.push(e);
    byKey.set(k, have);
  }
  const devicesByKey = new Map<string, number>();
  for (const d of f.pci) if (d.name) devicesByKey.set(key(d.className, d.name), (devicesByKey.get(key(d.className, d.name)) ?? 0) + 1);
  const tied: string[] = [];
  for (const d of f.pci) {
    if (d.vendor || !d.name) continue;
    const k = key(d.className, d.name);
    const hits = byKey.get(k);
    if (hits?.length !== 1 || devicesByKey.get(k) !== 1) continue;
    const e = hits[0]!;
    d.vendor = e.vendor;
    d.device = e.device;
    d.evidence.push(e.evidence);
    if (e.group !== undefined && d.iommuGroup === undefined && f.groups) {
      d.iommuGroup = e.group;
      const members = (f.groups[String(e.group)] ??= []);
      if (!members.includes(d.bdf)) {
        members.push(d.bdf);
        members.sort();
      }
    }
    tied.push(`${d.bdf.slice(5)} → [${e.vendor}:${e.device}]${e.group !== undefined ? tr(` in group ${e.group}`, `，组 ${e.group}`) : ''}`);
  }
  if (tied.length)
    f.notes.push(
      tr(
        `Devices listed by name only were tied to the IDs${tied.some((t) => t.includes('group')) ? ' and groups' : ''} a listing without addresses gave for the same name: ${tied.join(', ')}.`,
        `只按名称列出的设备，已按同名设备在一份不带地址的列表中给出的 ID${tied.some((t) => t.includes('组')) ? '和组' : ''}对应起来：${tied.join(';')}。`,
      ),
    );
}
