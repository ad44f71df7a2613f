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
  // Walk the lines by index: only vendor lines and the device lines of wanted vendors are cut out (60,000 lines).
  let vendor: string | undefined;
  let devices: Set<string> | undefined;
  let nameFrom = 0;
  let nameTo = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c0 = text.charCodeAt(start);
    const at = start;
    start = end + 1;
    if (at === end || c0 === 0x23) continue; // empty or a comment
    if (c0 === 0x43 && text.charCodeAt(at + 1) === 0x20) break; // "C ": device classes follow the vendor list
    if (c0 !== 0x09) {
      vendor = text.slice(at, Math.min(at + 4, end)).toLowerCase();
      devices = wanted.get(vendor);
      nameFrom = Math.min(at + 6, end);
      nameTo = end;
      continue;
    }
    if (text.charCodeAt(at + 1) === 0x09 || !vendor || !devices) continue;
    const dev = text.slice(at + 1, Math.min(at + 5, end)).toLowerCase();
    if (devices.has(dev)) out.set(`${vendor}:${dev}`, `${text.slice(nameFrom, nameTo).trim()} ${text.slice(Math.min(at + 7, end), end).trim()}`);
  }
  return out;
}
