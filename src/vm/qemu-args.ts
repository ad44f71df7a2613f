// QEMU's argv read into the VM model: -machine, -m, memory backends, firmware, -cpu, -device vfio-pci and -set.
import type { Evidence } from '../schema/evidence';
import type { Vm, VmHostdev } from '../schema/vm';
import { normalizeBdf } from '../pci/bdf';
import { machineFamily } from './machine';

/** One argument and the evidence of the line it was read from. */
export interface Arg {
  text: string;
  ev: Evidence;
}

/**
 * Split a shell-quoted command line into words: '…' and "…" group, a backslash escapes the next character outside
 * single quotes. What libvirt writes into a domain log (virCommandToString quotes with '…') and Proxmox's cfg2cmd
 * output read back as the argv QEMU got. An unterminated quote ends at the end of the text (a pasted line cut short).
 */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: "'" | '"' | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"' && i + 1 < s.length && /["\\$`]/.test(s[i + 1]!)) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      q = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/**
 * A QEMU option value as key/value pairs: QEMU's keyval syntax (`pc-q35-7.2,usb=off`: the first bare word is the
 * implied key, ",," an escaped comma) or, since QEMU 6.0/libvirt 7.x, a JSON object (`{"driver":"vfio-pci",…}`).
 */
export function optionPairs(value: string, implied: string): Map<string, string> {
  const out = new Map<string, string>();
  const v = value.trim();
  if (v.startsWith('{')) {
    try {
      const o = JSON.parse(v) as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.set(k, String(x));
      return out;
    } catch {
      // Not JSON after all: read it as keyval below.
    }
  }
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === ',' && v[i + 1] === ',') {
      cur += ',';
      i++;
    } else if (v[i] === ',') {
      parts.push(cur);
      cur = '';
    } else cur += v[i];
  }
  parts.push(cur);
  parts.forEach((p, i) => {
    const eq = p.indexOf('=');
    if (eq < 0) {
      if (i === 0 && p) out.set(implied, p);
      // A bare flag later on (-cpu host,+kvm_pv_eoi, "readonly"): present, with no value.
      else if (p) out.set(p, '');
    } else out.set(p.slice(0, eq), p.slice(eq + 1));
  });
  return out;
}

const on = (s: string | undefined): boolean | undefined => (s === undefined ? undefined : /^(?:on|yes|true|1|)$/i.test(s) ? true : /^(?:off|no|false|0)$/i.test(s) ? false : undefined);

/** QEMU sizes (qemu_strtosz): a plain number in -m is MiB; suffixes k/K, M, G, T, and a "B" unit for bytes. */
function sizeKiB(s: string | undefined, plainUnitKiB: number): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtb]?)[bi]*$/i.exec((s ?? '').trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const f = unit === 'k' ? 1 : unit === 'm' ? 1024 : unit === 'g' ? 1024 ** 2 : unit === 't' ? 1024 ** 3 : unit === 'b' ? 1 / 1024 : plainUnitKiB;
  const r = Math.round(n * f);
  return Number.isSafeInteger(r) ? r : undefined;
}

/** The page size a hugetlbfs path names: Proxmox /run/hugepages/kvm/1048576kB, libvirt's /dev/hugepages2M or /dev/hugepages1G. */
function pageOfPath(path: string): number | undefined {
  const pve = /\/(\d+)kB(?:\/|$)/.exec(path);
  if (pve) return Number(pve[1]);
  const m = /hugepages?-?(\d+)([MG])/i.exec(path);
  return m ? Number(m[1]) * (m[2]!.toUpperCase() === 'G' ? 1024 * 1024 : 1024) : undefined;
}

// OVMF/AAVMF image names across distributions (edk2's OVMF_CODE*.fd, Debian /usr/share/OVMF, Fedora /usr/share/edk2,
// Proxmox /usr/share/pve-edk2-firmware, Arch /usr/share/edk2/x64, Nix OVMF.fd).
const OVMF = /ovmf|edk2|aavmf|qemu_efi|qemu_vars/i;

/** Guest slot and function from addr= ("0x10.0", "10.1", "0x2", "0x1.0x2"): hw/pci/pci.c parses "SLOT[.FN]" in hex. */
function guestAddr(addr: string | undefined): { slot: number; fn: number } | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,2})(?:\.(?:0x)?([0-7]))?$/i.exec((addr ?? '').trim());
  if (!m) return undefined;
  const slot = Number.parseInt(m[1]!, 16);
  return slot <= 0x1f ? { slot, fn: m[2] ? Number(m[2]) : 0 } : undefined;
}

/** The host address of a vfio-pci device: host= (with or without the domain), or sysfsdev=/sys/bus/pci/devices/ADDR. */
function hostOf(p: Map<string, string>): string | undefined {
  const host = p.get('host');
  if (host) return normalizeBdf(host.includes('.') ? host : `${host}.0`) ?? undefined;
  const sys = /\/([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])(?:\/|$)/i.exec(p.get('sysfsdev') ?? '');
  return sys ? (normalizeBdf(sys[1]!) ?? undefined) : undefined;
}

/**
 * Read QEMU options (the argv after the binary, or Proxmox's `args:`) into `vm`. Options not about passthrough are
 * skipped. `complete`: the argv is the whole command line, so an option left out means QEMU's default (x86 boots
 * SeaBIOS without -bios or a pflash drive; memory is not huge-page backed without a hugetlbfs backend).
 */
export function readQemuArgs(vm: Vm, args: Arg[], complete: boolean): void {
  const buses = new Map<string, number>();
  const busNumber = (name: string): number => {
    // pci.N / pcie.N are the buses libvirt and QEMU number; another bus (a root port's id) gets a stand-in above 0xff.
    const n = /^pcie?\.(\d+)$/.exec(name);
    if (n) return Number(n[1]);
    if (!buses.has(name)) buses.set(name, 0x100 + buses.size);
    return buses.get(name)!;
  };
  const byId = new Map<string, VmHostdev>();
  const sets: { id: string; key: string; value: string; ev: Evidence }[] = [];
  const backends = new Map<string, { hugepages: boolean; pageKiB?: number; ev: Evidence }>();
  let memBackend: string | undefined;
  let firmware: { value: 'ovmf' | 'seabios'; evidence: Evidence } | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const opt = /^--?([\w-]+)$/.exec(a.text)?.[1];
    if (!opt) continue;
    const next = args[i + 1];
    // An option's value is the next word; a word that is itself an option means the value is missing (cut short).
    if (!next || /^-[a-zA-Z]/.test(next.text)) continue;
    const val = next.text;
    const ev = next.ev.line === a.ev.line ? a.ev : next.ev;
    switch (opt) {
      case 'name': {
        const p = optionPairs(val, 'guest');
        const name = p.get('guest');
        if (name) vm.name = name;
        // libvirt always writes "guest=NAME,debug-threads=on" (qemu_command.c qemuBuildNameCommandLine).
        if (/^guest=/.test(val) && !vm.manager) vm.manager = 'libvirt';
        break;
      }
      case 'id':
        // qemu-server's config_to_command starts with "-id VMID" (a Proxmox patch of QEMU).
        if (/^\d+$/.test(val)) {
          vm.vmid = val;
          vm.manager = 'proxmox';
        }
        break;
      case 'uuid':
        vm.uuid = val;
        break;
      case 'smbios': {
        const u = optionPairs(val, 'type').get('uuid');
        if (u && !vm.uuid) vm.uuid = u;
        break;
      }
      case 'M':
      case 'machine': {
        const p = optionPairs(val, 'type');
        const type = p.get('type');
        if (type) vm.machine = { value: { type, family: machineFamily(type) }, evidence: ev };
        if (p.get('memory-backend')) memBackend = p.get('memory-backend');
        if (p.get('pflash0') && !firmware) firmware = { value: 'ovmf', evidence: ev };
        break;
      }
      case 'm': {
        const p = optionPairs(val, 'size');
        const kib = sizeKiB(p.get('size'), 1024);
        if (kib !== undefined) vm.memoryKiB = { value: kib, evidence: ev };
        break;
      }
      case 'mem-path':
        vm.hugepages = { value: { on: true, pageKiB: pageOfPath(val) }, evidence: ev };
        break;
      case 'object': {
        const p = optionPairs(val, 'qom-type');
        const type = p.get('qom-type') ?? '';
        const id = p.get('id');
        if (!/^memory-backend-/.test(type) || !id) break;
        const path = p.get('mem-path') ?? '';
        // A file backend on hugetlbfs (libvirt mounts it at /dev/hugepages*, Proxmox at /run/hugepages/kvm/SIZEkB),
        // or memfd with hugetlb=on (and its hugetlbsize).
        const huge = (type === 'memory-backend-file' && /hugepage|hugetlb/i.test(path)) || (type === 'memory-backend-memfd' && on(p.get('hugetlb')) === true);
        backends.set(id, { hugepages: huge, pageKiB: huge ? (pageOfPath(path) ?? sizeKiB(p.get('hugetlbsize'), 1 / 1024)) : undefined, ev });
        break;
      }
      case 'bios':
        firmware = { value: OVMF.test(val) ? 'ovmf' : 'seabios', evidence: ev };
        break;
      case 'drive': {
        const p = optionPairs(val, 'file');
        if (p.get('if') === 'pflash') firmware ??= { value: 'ovmf', evidence: ev };
        break;
      }
      case 'blockdev': {
        const p = optionPairs(val, 'driver');
        if (/pflash/.test(p.get('node-name') ?? '') || (p.get('filename') && OVMF.test(p.get('filename')!) && /\.fd$|\.bin$/.test(p.get('filename')!))) firmware ??= { value: 'ovmf', evidence: ev };
        break;
      }
      case 'cpu': {
        const p = optionPairs(val, 'model');
        // kvm=off hides the KVM signature (libvirt <kvm><hidden state='on'/>, Proxmox cpu hidden=1 or x-vga).
        if (p.has('kvm')) vm.kvmHidden = { value: on(p.get('kvm')) === false, evidence: ev };
        const vid = p.get('hv-vendor-id') ?? p.get('hv_vendor_id');
        if (vid) vm.hypervVendorId = { value: vid, evidence: ev };
        break;
      }
      case 'device': {
        const p = optionPairs(val, 'driver');
        if (p.get('driver') !== 'vfio-pci') break;
        const bdf = hostOf(p);
        if (!bdf) break;
        const ga = guestAddr(p.get('addr'));
        const bus = p.get('bus');
        const mf = on(p.get('multifunction'));
        const xvga = on(p.get('x-vga'));
        const rombar = p.get('rombar');
        const hd: VmHostdev = {
          bdf,
          guest: ga ? { domain: 0, bus: bus ? busNumber(bus) : 0, slot: ga.slot, function: ga.fn, multifunction: mf, ...(bus ? { busName: bus } : {}), evidence: ev } : undefined,
          // Proxmox puts pcie=1 devices on its ich9-pcie-port-N root ports (PCI.pm print_pcie_addr).
          pcie: bus ? /pcie-port|root-port/.test(bus) || undefined : undefined,
          xVga: xvga === undefined ? undefined : { value: xvga, evidence: ev },
          romFile: p.get('romfile') || undefined,
          romBar: rombar === undefined ? undefined : rombar !== '0' && on(rombar) !== false,
          alias: p.get('id'),
          evidence: ev,
        };
        for (const k of Object.keys(hd) as (keyof VmHostdev)[]) if (hd[k] === undefined) delete hd[k];
        vm.hostdevs.push(hd);
        if (hd.alias) byId.set(hd.alias, hd);
        break;
      }
      case 'set': {
        // -set device.ID.PROP=VALUE: how libvirt's <qemu:commandline> adds x-vga to a hostdev it named.
        const m = /^device\.([^.]+)\.([\w-]+)=(.*)$/.exec(val);
        if (m) sets.push({ id: m[1]!, key: m[2]!, value: m[3]!, ev });
        break;
      }
    }
  }
  for (const s of sets) {
    const hd = byId.get(s.id);
    if (!hd) continue;
    if (s.key === 'x-vga' && on(s.value) !== undefined) hd.xVga = { value: on(s.value)!, evidence: s.ev };
    if (s.key === 'romfile') hd.romFile = s.value;
  }
  // The machine's memory-backend=ID, else a NUMA node's backend (Proxmox's ram-node0): huge pages when it is on hugetlbfs.
  const backend = (memBackend ? backends.get(memBackend) : undefined) ?? [...backends.values()].find((b) => b.hugepages) ?? [...backends.values()][0];
  if (backend && !vm.hugepages) vm.hugepages = { value: backend.hugepages ? { on: true, pageKiB: backend.pageKiB } : { on: false }, evidence: backend.ev };
  else if (!vm.hugepages && complete) vm.hugepages = { value: { on: false }, evidence: vm.evidence };
  if (firmware) vm.firmware = firmware;
  else if (complete && !vm.firmware) vm.firmware = { value: 'seabios', evidence: vm.evidence };
}
