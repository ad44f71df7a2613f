// Device names from the host's pci.ids, read once and only for the IDs we need (the file is over 1 MB).
import type { HostIO } from './io';

const PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids'];

export async function pciNames(io: HostIO, ids: { vendor: string; device: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  let text: string | undefined;
  for (const p of PATHS) {
    try {
      text = await io.readFile(p, 8 * 1024 * 1024);
    } catch {
      text = undefined;
    }
    if (text) break;
  }
  if (!text) return out;
  const wanted = new Map<string, Set<string>>();
  for (const { vendor, device } of ids) {
    if (!wanted.has(vendor)) wanted.set(vendor, new Set());
    wanted.get(vendor)!.add(device);
  }
  let vendor: string | undefined;
  let vendorName = '';
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('C ')) break; // device classes follow the vendor list
    if (line[0] !== '\t') {
      vendor = line.slice(0, 4).toLowerCase();
      vendorName = line.slice(6).trim();
      continue;
    }
    if (line[1] === '\t' || !vendor || !wanted.has(vendor)) continue;
    const dev = line.slice(1, 5).toLowerCase();
    if (wanted.get(vendor)!.has(dev)) out.set(`${vendor}:${dev}`, `${vendorName} ${line.slice(7).trim()}`);
  }
  return out;
}
