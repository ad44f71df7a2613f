// libvirt domain XML (`virsh dumpxml NAME`, /etc/libvirt/qemu/NAME.xml): machine, firmware, memory and PCI hostdevs.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { Vm, VmHostdev, GuestAddress } from '../schema/vm';
import type { Evidence } from '../schema/evidence';
import { machineFamily } from '../vm/machine';
import { readXml, childrenNamed, childNamed, type XmlElement } from '../text/xml';

// Element and attribute names as libvirt's docs/formatdomain.rst documents them and src/conf/domain_conf.c formats
// them (virsh dumpxml writes one element a line, two-space indented).
const DOMAIN = /^<domain\b[^>]*\btype=['"]\w+['"]/;
const HOSTDEV_PCI = /^<hostdev\b[^>]*\btype=['"]pci['"]/;

type Node = XmlElement;
const kids = childrenNamed;
const kid = childNamed;
/** Trimmed, as libvirt's own enum and number parsers would not have it but a hand-edited paste may (' on ', as before). */
const attr = (n: Node | undefined, name: string): string | undefined => n?.attrs.get(name)?.trim();
const text = (n: Node | undefined): string | undefined => n?.text.trim();
/** libvirt writes numbers in hex with 0x (addresses) or decimal; both are accepted by virXMLPropUInt with base 0. */
const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const t = s.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
};
const onOff = (s: string | undefined): boolean | undefined => (s === undefined ? undefined : /^(?:on|yes|true|1)$/i.test(s) ? true : /^(?:off|no|false|0)$/i.test(s) ? false : undefined);

// docs/formatdomain.rst "Memory Allocation": unit b/bytes, KB, k/KiB, MB, M/MiB, GB, G/GiB, TB, T/TiB; default KiB.
const UNIT: Record<string, number> = { b: 1 / 1024, bytes: 1 / 1024, kb: 1000 / 1024, k: 1, kib: 1, mb: 1e6 / 1024, m: 1024, mib: 1024, gb: 1e9 / 1024, g: 1024 ** 2, gib: 1024 ** 2, tb: 1e12 / 1024, t: 1024 ** 3, tib: 1024 ** 3 };
export function toKiB(value: string | undefined, unit: string | undefined): number | undefined {
  const n = num(value);
  const f = UNIT[(unit ?? 'KiB').toLowerCase()];
  return n === undefined || f === undefined ? undefined : Math.round(n * f);
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** Lines of one segment with a finder for the line that holds an element, in document order. */
class LineFinder {
  private at = 0;
  constructor(private readonly lines: Line[], private readonly fallback: Evidence) {}
  /** The first line at or after the cursor whose trimmed text matches; the cursor moves past it when `advance`. */
  find(re: RegExp, from = this.at, until?: RegExp): { ev: Evidence; index: number } | undefined {
    for (let i = from; i < this.lines.length; i++) {
      const t = this.lines[i]!.text.trim();
      if (re.test(t)) return { ev: evidenceOf(this.lines[i]!), index: i };
      if (until && i > from && until.test(t)) return undefined;
    }
    return undefined;
  }
  ev(re: RegExp): Evidence {
    return this.find(re, 0)?.ev ?? this.fallback;
  }
  seek(i: number): void {
    this.at = i;
  }
  get cursor(): number {
    return this.at;
  }
}

/** x-vga=on for hostdev aliases: `-set device.ALIAS.x-vga=on` in <qemu:commandline>, or <qemu:override> (libvirt 8.2). */
function xVgaByAlias(dom: Node, lf: LineFinder): Map<string, { value: boolean; evidence: Evidence }> {
  const out = new Map<string, { value: boolean; evidence: Evidence }>();
  for (const cl of kids(dom, 'qemu:commandline')) {
    for (const a of kids(cl, 'qemu:arg')) {
      const v = attr(a, 'value') ?? '';
      const m = /^device\.([\w.-]+)\.x-vga=(\w+)$/.exec(v);
      if (m) out.set(m[1]!, { value: onOff(m[2]) ?? false, evidence: lf.ev(new RegExp(`x-vga=${m[2]}`)) });
    }
  }
  for (const ov of kids(dom, 'qemu:override')) {
    for (const d of kids(ov, 'qemu:device')) {
      const alias = attr(d, 'alias');
      for (const fe of kids(d, 'qemu:frontend'))
        for (const p of kids(fe, 'qemu:property'))
          if (alias && attr(p, 'name') === 'x-vga') out.set(alias, { value: onOff(attr(p, 'value')) ?? false, evidence: lf.ev(/name=['"]x-vga['"]/) });
    }
  }
  return out;
}

function hostdevOf(h: Node, lf: LineFinder, xvga: Map<string, { value: boolean; evidence: Evidence }>): VmHostdev | undefined {
  const start = lf.find(/^<hostdev\b/);
  const end = start ? lf.find(/^<\/hostdev>|^<hostdev\b[^>]*\/>$/, start.index) : undefined;
  if (start) lf.seek((end?.index ?? start.index) + 1);
  if (attr(h, 'type') !== 'pci') return undefined;
  const src = kid(kid(h, 'source'), 'address');
  const [d, b, s, f] = ['domain', 'bus', 'slot', 'function'].map((k) => num(attr(src, k)));
  if (b === undefined || s === undefined || b > 0xff || s > 0x1f || (d ?? 0) > 0xffff || (f ?? 0) > 7) return undefined;
  const bdf = `${hex(d ?? 0, 4)}:${hex(b, 2)}:${hex(s, 2)}.${(f ?? 0) & 7}`;
  const within = (re: RegExp) => (start ? lf.find(re, start.index, /^<\/hostdev>/) : undefined);
  const srcLine = within(/^<address\b[^>]*\bbus=/);
  const ga = kids(h, 'address').find((a) => (attr(a, 'type') ?? 'pci') === 'pci');
  let guest: GuestAddress | undefined;
  if (ga) {
    const gb = num(attr(ga, 'bus'));
    const gs = num(attr(ga, 'slot'));
    // The guest address comes after </source> in libvirt's formatting.
    const closeSrc = within(/^<\/source>/);
    const gl = closeSrc ? lf.find(/^<address\b[^>]*\btype=['"]pci['"]/, closeSrc.index, /^<\/hostdev>/) : undefined;
    if (gb !== undefined && gs !== undefined)
      guest = { domain: num(attr(ga, 'domain')) ?? 0, bus: gb, slot: gs, function: num(attr(ga, 'function')) ?? 0, multifunction: onOff(attr(ga, 'multifunction')), evidence: gl?.ev ?? srcLine?.ev ?? start?.ev ?? lf.ev(/./) };
  }
  const rom = kid(h, 'rom');
  const alias = attr(kid(h, 'alias'), 'name');
  return {
    bdf,
    managed: attr(h, 'managed') === undefined ? false : onOff(attr(h, 'managed')),
    guest,
    romFile: attr(rom, 'file'),
    romBar: onOff(attr(rom, 'bar')),
    alias,
    xVga: alias ? xvga.get(alias) : undefined,
    evidence: srcLine?.ev ?? start?.ev ?? lf.ev(/./),
  };
}

/** One <domain> (complete) or a run of <hostdev> snippets (complete: false) as a VM. */
export function readDomain(lines: Line[]): Vm | undefined {
  const { top: doc, wellFormed: valid } = readXml(lines.map((l) => l.text).join('\n'));
  const first = evidenceOf(lines.find((l) => l.text.trim()) ?? lines[0]!);
  const lf = new LineFinder(lines, first);
  const dom = kid(doc, 'domain');
  const vm: Vm = { kind: 'libvirt', complete: !!dom && valid, hostdevs: [], evidence: first };
  const devicesRoot = dom ? kid(dom, 'devices') : doc;
  const xvga = dom ? xVgaByAlias(dom, lf) : new Map();
  for (const h of kids(devicesRoot, 'hostdev')) {
    const hd = hostdevOf(h, lf, xvga);
    if (hd) vm.hostdevs.push(hd);
  }
  if (!dom) return vm.hostdevs.length ? vm : undefined;
  vm.name = text(kid(dom, 'name')) || undefined;
  // The UUID names the domain where its name is redacted (a bundle) and ties it to its running QEMU's -uuid.
  vm.uuid = text(kid(dom, 'uuid')) || undefined;
  if (!vm.uuid) delete vm.uuid;
  const os = kid(dom, 'os');
  const type = kid(os, 'type');
  const machine = attr(type, 'machine');
  if (machine) vm.machine = { value: { type: machine, family: machineFamily(machine) }, evidence: lf.ev(/^<type\b[^>]*machine=/) };
  // Firmware: <os firmware='efi'> (auto-selection) or a pflash <loader> (OVMF_CODE.fd); with neither, x86 boots SeaBIOS.
  const loader = kid(os, 'loader');
  const loaderPath = text(loader) ?? '';
  if (attr(os, 'firmware') === 'efi' || attr(loader, 'type') === 'pflash' || /ovmf|edk2|aavmf|qemu_efi/i.test(loaderPath))
    vm.firmware = { value: 'ovmf', evidence: loader ? lf.ev(/^<loader\b/) : lf.ev(/^<os\b/) };
  else if (attr(os, 'firmware') === 'bios' || /seabios|bios\.bin/i.test(loaderPath)) vm.firmware = { value: 'seabios', evidence: loader ? lf.ev(/^<loader\b/) : lf.ev(/^<os\b/) };
  else if (os && vm.complete) vm.firmware = { value: 'seabios', evidence: lf.ev(/^<os\b/) };
  const mem = kid(dom, 'memory') ?? kid(dom, 'currentMemory');
  const kib = toKiB(text(mem), attr(mem, 'unit'));
  if (kib !== undefined) vm.memoryKiB = { value: kib, evidence: lf.ev(/^<memory\b/) };
  // <memtune><hard_limit> and <memoryBacking><locked/> decide libvirt's memory-lock limit (qemuDomainGetMemLockLimitBytes).
  const hl = kid(kid(dom, 'memtune'), 'hard_limit');
  const hlKiB = hl ? toKiB(text(hl), attr(hl, 'unit')) : undefined;
  if (hlKiB !== undefined) vm.hardLimitKiB = { value: hlKiB, evidence: lf.ev(/^<hard_limit\b/) };
  if (kid(kid(dom, 'memoryBacking'), 'locked')) vm.memoryLocked = true;
  // <shmem name='looking-glass'><size unit='M'>32</size></shmem> (formatdomain "Shared memory device"; dumpxml writes
  // unit='M'; a bare number is a scaled value in bytes).
  for (const sh of kids(kid(dom, 'devices'), 'shmem')) {
    const name = attr(sh, 'name');
    if (!name) continue;
    const size = kid(sh, 'size');
    const kib = size ? toKiB(text(size), attr(size, 'unit') ?? 'b') : undefined;
    (vm.shmems ??= []).push({ name, sizeBytes: kib === undefined ? undefined : kib * 1024, evidence: lf.ev(new RegExp(`^<shmem\\b[^>]*name=['"]${name.replace(/[^\w-]/g, '.')}['"]`)) });
  }
  const hp = kid(kid(dom, 'memoryBacking'), 'hugepages');
  if (hp) {
    const page = kid(hp, 'page');
    vm.hugepages = { value: { on: true, pageKiB: page ? toKiB(attr(page, 'size'), attr(page, 'unit')) : undefined }, evidence: lf.ev(/^<hugepages\b/) };
  } else if (vm.complete) vm.hugepages = { value: { on: false }, evidence: first };
  const features = kid(dom, 'features');
  const hidden = kid(kid(features, 'kvm'), 'hidden');
  if (hidden) vm.kvmHidden = { value: onOff(attr(hidden, 'state')) ?? false, evidence: lf.ev(/^<hidden\b/) };
  const vid = kid(kid(features, 'hyperv'), 'vendor_id');
  if (vid && onOff(attr(vid, 'state')) !== false && attr(vid, 'value')) vm.hypervVendorId = { value: attr(vid, 'value')!, evidence: lf.ev(/^<vendor_id\b/) };
  return vm;
}

/** Split a block into documents: each <domain>…</domain>, and runs of top-level <hostdev> snippets. */
function segments(lines: Line[]): { lines: Line[]; domain: boolean }[] {
  const out: { lines: Line[]; domain: boolean }[] = [];
  let cur: { lines: Line[]; domain: boolean } | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (!cur || (!cur.domain && DOMAIN.test(t))) {
      if (DOMAIN.test(t)) out.push((cur = { lines: [], domain: true }));
      else if (/^<hostdev\b/.test(t)) out.push((cur = { lines: [], domain: false }));
      else continue;
    }
    cur.lines.push(l);
    if (cur.domain && t === '</domain>') cur = undefined;
  }
  return out;
}

export const libvirtDomainXmlParser: Parser = {
  kind: 'libvirt-domain-xml',
  starts: (t) => DOMAIN.test(t.trim()) || HOSTDEV_PCI.test(t.trim()),
  // A domain's lines are all elements; the node device XML (<device>) is another parser's.
  continues: (t) => t.trimStart().startsWith('<') && t.trim() !== '<device>',
  parse(lines, b) {
    const bad: Line[] = [];
    for (const seg of segments(lines)) {
      const vm = readDomain(seg.lines);
      if (vm) b.addVm(vm);
      else bad.push(...seg.lines.filter((l) => l.text.trim()));
    }
    return bad;
  },
};
