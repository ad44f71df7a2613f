// Which device the user means to pass: what a VM definition, a QEMU command line or a VM tool's command names.
import type { RawSource } from '../schema/raw-source';
import type { VmDevice } from '../schema/facts';
import { normalizeBdf } from '../pci/bdf';

const ADDR = '((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}(?:\\.[0-7])?)';
/**
 * Each pattern: how the device is named, the regex (global), and how to read the address from the match.
 * - QEMU's vfio-pci device takes `host=` (or `sysfsdev=`) (hw/vfio/pci.c, vfio_pci_dev_properties); libvirt writes it
 *   as `-device vfio-pci,host=0000:01:00.0,…` or, since libvirt 8, as JSON `"driver":"vfio-pci","host":"0000:01:00.0"`.
 * - libvirt's domain XML: `<hostdev mode='subsystem' type='pci'>` with `<source><address domain= bus= slot= function=/>`.
 * - Proxmox VE `qm config`: `hostpci0: 0000:01:00,pcie=1` (a slot without a function passes every function).
 * - virsh and hook scripts: `virsh nodedev-detach pci_0000_01_00_0`, `VIRSH_GPU_VIDEO=pci_0000_01_00_0`.
 */
const PATTERNS: { how: VmDevice['how']; need: string[]; re: RegExp; bdf: (m: RegExpExecArray) => string | undefined }[] = [
  // The address first, then "vfio-pci" before it on the line: "host=" is rare in logs, "vfio-pci" is not.
  {
    how: 'qemu-command-line',
    need: ['host=', '"host"', "'host'", '\\"host\\"', 'sysfsdev'],
    // A quote may be escaped (\\"host\\":\\"0000:…\\"): KubeVirt's virt-launcher logs carry QEMU's JSON inside a JSON string.
    re: new RegExp(`\\b(?:host|sysfsdev)\\\\?["']?\\s*[:=]\\s*\\\\?["']?(?:/sys/bus/pci/devices/)?${ADDR}\\b`, 'gi'),
    bdf: (m) => (/vfio-pci/i.test(m.input.slice(Math.max(0, m.input.lastIndexOf('\n', m.index) + 1, m.index - 300), m.index)) ? m[1] : undefined),
  },
  {
    how: 'libvirt-xml',
    need: ['<hostdev'],
    // Every run bounded: with "[^>]*" on both sides of type=, 40 KB of "<hostdev type='pci' " without a ">" took 76 s.
    re: /<hostdev\b([^>]{0,300})>/gi,
    bdf: (m) => {
      if (!/\btype=['"]pci['"]/i.test(m[1]!)) return undefined;
      const after = m.input.slice(m.index + m[0].length, m.index + m[0].length + 600);
      const addr = /^[\s\S]{0,300}?<source\b[^>]{0,200}>\s{0,200}<address\b([^>]{0,300})>/i.exec(after)?.[1];
      if (addr === undefined) return undefined;
      const a = (k: string) => new RegExp(`\\b${k}=['"](?:0x)?([0-9a-f]+)['"]`, 'i').exec(addr)?.[1];
      const [dom, bus, slot, fn] = [a('domain') ?? '0', a('bus'), a('slot'), a('function') ?? '0'];
      if (!bus || !slot) return undefined;
      return `${dom.padStart(4, '0')}:${bus.padStart(2, '0')}:${slot.padStart(2, '0')}.${Number.parseInt(fn, 16)}`;
    },
  },
  { how: 'proxmox-config', need: ['hostpci'], re: new RegExp(`^[ \\t>]*hostpci\\d+:\\s*(?:host=)?${ADDR}`, 'gim'), bdf: (m) => m[1] },
  { how: 'virsh', need: ['nodedev-detach', 'VIRSH_GPU_VIDEO'], re: /(?:nodedev-detach\s+|VIRSH_GPU_VIDEO\s*=\s*["']?)pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])\b/gi, bdf: (m) => `${m[1]}:${m[2]}:${m[3]}.${m[4]}` },
];

const SCAN_LIMIT = 4 * 1024 * 1024;

/** Devices that VM definitions and commands in the input name, first mention first (at most 32). */
export function vmDevicesIn(sources: readonly RawSource[]): VmDevice[] {
  const out: VmDevice[] = [];
  for (const src of sources) {
    // A collected kernel log holds no VM definitions. VM definitions and commands are pasted whole and small: in a
    // bigger input (a whole journal) only its head is looked at; QEMU errors naming a device reach the target through
    // the parsed errors (facts.qemuErrors) anyway.
    if (src.kind === 'kernel-log') continue;
    const text = src.text.length > SCAN_LIMIT ? src.text.slice(0, SCAN_LIMIT) : src.text;
    for (const p of PATTERNS) {
      // Each pattern's literal (as QEMU, libvirt, Proxmox and virsh write it) must occur: most logs hold none.
      if (!p.need.some((n) => text.includes(n))) continue;
      p.re.lastIndex = 0;
      for (let m = p.re.exec(text); m && out.length < 32; m = p.re.exec(text)) {
        const raw = p.bdf(m);
        const bdf = raw ? normalizeBdf(raw.includes('.') ? raw : `${raw}.0`) : undefined;
        if (!bdf || out.some((d) => d.bdf === bdf)) continue;
        out.push({ bdf, how: p.how, evidence: evidenceAt(src, m.index) });
      }
    }
  }
  return out;
}

/** The line holding offset `at`, with its number in the input. */
function evidenceAt(src: RawSource, at: number): VmDevice['evidence'] {
  const start = src.text.lastIndexOf('\n', at - 1) + 1;
  const endNl = src.text.indexOf('\n', at);
  let idx = 0;
  for (let i = src.text.indexOf('\n'); i !== -1 && i < start; i = src.text.indexOf('\n', i + 1)) idx++;
  const line = src.lineNos ? src.lineNos[idx] : idx + 1;
  const text = src.text.slice(start, endNl === -1 ? undefined : endNl).trim();
  return { source: src.source, line, text: text.length > 300 ? `${text.slice(0, 297)}…` : text };
}
