// Applies a DomainOp to a libvirt domain XML as `virsh dumpxml` writes it (one element a line), keeping every other line.
import { readXml } from '../text/xml';
import type { DomainOp } from '../schema/fix';
import { libvirtHostdevs } from './generate';
import { slotOf } from '../pci/bdf';

/** The edit cannot be made on this definition (not a domain, the element is not there): nothing is changed. */
export class DomainEditError extends Error {}

interface Block {
  start: number;
  end: number;
  bdf?: string;
}

const num = (s: string | undefined) => (s === undefined ? undefined : /^0x/i.test(s) ? Number.parseInt(s, 16) : Number(s));
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** Each <hostdev type='pci'> element: its line range and the host address of its <source><address>. */
function hostdevBlocks(lines: string[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (!/^<hostdev\b/.test(t) || !/\btype=['"]pci['"]/.test(t)) continue;
    let end = i;
    while (end < lines.length && !/<\/hostdev>/.test(lines[end]!)) end++;
    const body = lines.slice(i, end + 1).join('\n');
    const src = /<source>\s*<address\b([^>]*)\/>/.exec(body)?.[1] ?? '';
    const a = (k: string) => num(new RegExp(`\\b${k}=['"]([^'"]+)['"]`).exec(src)?.[1]);
    const [d, b, s, f] = [a('domain') ?? 0, a('bus'), a('slot'), a('function') ?? 0];
    out.push({ start: i, end, bdf: b === undefined || s === undefined ? undefined : `${hex(d, 4)}:${hex(b, 2)}:${hex(s, 2)}.${f}` });
    i = end;
  }
  return out;
}

export function editDomainXml(xml: string, op: DomainOp): string {
  if (!/<domain\b/.test(xml) || !/<\/domain>\s*$/.test(xml)) throw new DomainEditError('the definition is not a whole <domain>');
  const nl = xml.endsWith('\n') ? '\n' : '';
  let lines = xml.replace(/\n$/, '').split('\n');
  if (op.type === 'set-managed') {
    const want = new Set(op.bdfs);
    const hit = hostdevBlocks(lines).filter((b) => b.bdf && want.has(b.bdf));
    if (!hit.length) throw new DomainEditError(`no <hostdev> for ${op.bdfs.join(', ')} in the definition`);
    for (const b of hit) {
      const l = lines[b.start]!;
      lines[b.start] = /\bmanaged=['"][^'"]*['"]/.test(l) ? l.replace(/\bmanaged=['"][^'"]*['"]/, "managed='yes'") : l.replace(/<hostdev\b/, "<hostdev managed='yes'");
    }
  } else if (op.type === 'replace-hostdevs') {
    const slots = new Set(op.bdfs.map(slotOf));
    const old = hostdevBlocks(lines).filter((b) => b.bdf && slots.has(slotOf(b.bdf)));
    const devicesEnd = lines.findIndex((l) => l.trim() === '</devices>');
    if (devicesEnd < 0) throw new DomainEditError('the definition has no <devices> element');
    const at = old[0]?.start ?? devicesEnd;
    const indent = /^\s*/.exec(lines[old[0]?.start ?? devicesEnd - 1] ?? '')?.[0] ?? '    ';
    const fresh = libvirtHostdevs({ bdfs: op.bdfs, guest: op.guest }).split('\n').map((l) => `${old.length ? indent : `${/^\s*/.exec(lines[devicesEnd]!)![0]}  `}${l}`);
    const drop = new Set(old.flatMap((b) => Array.from({ length: b.end - b.start + 1 }, (_, k) => b.start + k)));
    const next: string[] = [];
    lines.forEach((l, i) => {
      if (i === at) next.push(...fresh);
      if (!drop.has(i)) next.push(l);
    });
    lines = next;
  } else {
    let removed = 0;
    for (const alias of op.aliases) {
      const esc = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const arg = new RegExp(`^<qemu:arg\\s+value=['"]device\\.${esc}\\.x-vga=[^'"]*['"]\\s*/>$`);
      for (let i = lines.length - 1; i >= 0; i--) {
        if (!arg.test(lines[i]!.trim())) continue;
        // The -set that introduces it goes too.
        const prevSet = i > 0 && /^<qemu:arg\s+value=['"]-set['"]\s*\/>$/.test(lines[i - 1]!.trim());
        lines.splice(prevSet ? i - 1 : i, prevSet ? 2 : 1);
        removed++;
        i -= prevSet ? 1 : 0;
      }
    }
    // <qemu:override>: an x-vga property inside the device of one of the aliases.
    let inDevice = false;
    lines = lines.filter((l) => {
      const t = l.trim();
      const dev = /^<qemu:device\s+alias=['"]([^'"]+)['"]/.exec(t);
      if (dev) inDevice = op.aliases.includes(dev[1]!);
      else if (/^<\/qemu:device>/.test(t)) inDevice = false;
      if (inDevice && /^<qemu:property\s+name=['"]x-vga['"]/.test(t)) {
        removed++;
        return false;
      }
      return true;
    });
    if (!removed) throw new DomainEditError(`no x-vga setting for ${op.aliases.join(', ')} in the definition`);
    // A <qemu:commandline> left empty is dropped.
    for (let i = 0; i < lines.length - 1; i++)
      if (lines[i]!.trim() === '<qemu:commandline>' && lines[i + 1]!.trim() === '</qemu:commandline>') lines.splice(i, 2);
  }
  const out = lines.join('\n') + nl;
  if (!readXml(out).wellFormed) throw new DomainEditError('the edited definition is not well-formed XML');
  return out;
}
