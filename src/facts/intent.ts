// Which device the user means to pass: what a VM definition, a QEMU command line or a VM tool's command names.
import type { RawSource } from '../schema/raw-source';
import type { VmDevice } from '../schema/facts';
import { normalizeBdf } from '../parse/bdf';

const ADDR = '((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}(?:\\.[0-7])?)';
/**
 * Each pattern: how the device is named, the regex (global), and how to read the address from the match.
 * - QEMU's vfio-pci device takes `host=` (or `sysfsdev=`) (hw/vfio/pci.c, vfio_pci_dev_properties); libvirt writes it
 *   as `-device vfio-pci,host=0000:01:00.0,…` or, since libvirt 8, as JSON `"driver":"vfio-pci","host":"0000:01:00.0"`.
 * - libvirt's domain XML: `<hostdev mode='subsystem' type='pci'>` with `<source><address domain= bus= slot= function=/>`.
 * - Proxmox VE `qm config`: `hostpci0: 0000:01:00,pcie=1` (a slot without a function passes every function).
 * - virsh and hook scripts: `virsh nodedev-detach pci_0000_01_00_0`, `VIRSH_GPU_VIDEO=pci_0000_01_00_0`.
 */
const PATTERNS: { how: VmDevice['how']; re: RegExp; bdf: (m: RegExpExecArray) => string | undefined }[] = [
  { how: 'qemu-command-line', re: new RegExp(`vfio-pci[^\\n]{0,200}?\\b(?:host|sysfsdev)["']?\\s*[:=]\\s*["']?(?:/sys/bus/pci/devices/)?${ADDR}\\b`, 'gi'), bdf: (m) => m[1] },
  {
    how: 'libvirt-xml',
    re: /<hostdev\b[^>]*\btype=['"]pci['"][^>]*>[\s\S]{0,300}?<source[^>]*>\s*<address\b([^>]*)>/gi,
    bdf: (m) => {
      const a = (k: string) => new RegExp(`\\b${k}=['"](?:0x)?([0-9a-f]+)['"]`, 'i').exec(m[1]!)?.[1];
      const [dom, bus, slot, fn] = [a('domain') ?? '0', a('bus'), a('slot'), a('function') ?? '0'];
      if (!bus || !slot) return undefined;
      return `${dom.padStart(4, '0')}:${bus.padStart(2, '0')}:${slot.padStart(2, '0')}.${Number.parseInt(fn, 16)}`;
    },
  },
  { how: 'proxmox-config', re: new RegExp(`^[ \\t>]*hostpci\\d+:\\s*(?:host=)?${ADDR}`, 'gim'), bdf: (m) => m[1] },
  { how: 'virsh', re: /(?:nodedev-detach\s+|VIRSH_GPU_VIDEO\s*=\s*["']?)pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])\b/gi, bdf: (m) => `${m[1]}:${m[2]}:${m[3]}.${m[4]}` },
];
// A necessary condition of PATTERNS: most inputs contain none of these and are not scanned further.
const MAYBE = /vfio-pci|<hostdev|hostpci\d|nodedev-detach|VIRSH_GPU_VIDEO/i;

/** Devices that VM definitions and commands in the input name, first mention first (at most 32). */
export function vmDevicesIn(sources: readonly RawSource[]): VmDevice[] {
  const out: VmDevice[] = [];
  for (const src of sources) {
    if (!MAYBE.test(src.text)) continue;
    for (const p of PATTERNS) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(src.text); m && out.length < 32; m = p.re.exec(src.text)) {
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
