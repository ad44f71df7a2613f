// Every PCI function from /sys/bus/pci/devices, as one `BDF key=value …` line each (the bundle's sysfs section).
import type { HostIO } from './io';
import { pciNames } from './pci-ids';

const FIELDS = ['vendor', 'device', 'subsystem_vendor', 'subsystem_device', 'class', 'driver_override', 'boot_vga', 'reset_method', 'power_state'] as const;

const base = (p: string | undefined) => (p ? p.split('/').pop() : undefined);
const quote = (v: string) => (/^[^\s"]*$/.test(v) ? v : `"${v.replace(/"/g, "'")}"`);

async function readField(io: HostIO, path: string): Promise<string | undefined> {
  try {
    return (await io.readFile(path, 4096))?.trim();
  } catch {
    return undefined; // unreadable attribute: unknown, not false
  }
}

/** Run `fn` over `items` with at most `limit` in flight: thousands of functions at once only make the GC work. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Where the device's attributes are read from. /sys/bus/pci/devices/BDF is a link like ../../../devices/pci0000:00/BDF;
 * when the folders above it are real folders, that target names the same place as the link, and reading through it
 * saves resolving the link again for each attribute (on a sysroot every path component is checked).
 */
async function deviceDirs(io: HostIO, names: string[]): Promise<string[]> {
  const base = '/sys/bus/pci/devices';
  const plain = (await Promise.all(['/sys', '/sys/bus', '/sys/bus/pci', base].map((p) => io.readLink(p)))).every((t) => t === undefined);
  return mapLimited(names, 64, async (bdf) => {
    const dir = `${base}/${bdf}`;
    if (!plain) return dir;
    const t = await io.readLink(dir);
    return t && /^(?:\.\.\/){3}devices\/[^\0]*$/.test(t) && !t.split('/').slice(3).some((c) => c === '..' || c === '.' || c === '') ? `/sys/${t.slice(9)}` : dir;
  });
}

export async function collectPci(io: HostIO): Promise<{ text: string; count: number } | undefined> {
  const names = await io.readDir('/sys/bus/pci/devices');
  if (!names) return undefined;
  const dirs = await deviceDirs(io, names);
  const devs = await mapLimited(
    names.map((bdf, i) => ({ bdf, dir: dirs[i]! })),
    64,
    async ({ bdf, dir }) => {
      const vals: Partial<Record<(typeof FIELDS)[number], string>> = {};
      const [driverLink, groupLink] = await Promise.all([
        io.readLink(`${dir}/driver`),
        io.readLink(`${dir}/iommu_group`),
        ...FIELDS.map(async (f) => void (vals[f] = await readField(io, `${dir}/${f}`))),
      ]);
      return { bdf, vals, driver: base(driverLink), group: base(groupLink) };
    },
  );
  const ids = devs.filter((d) => d.vals.vendor && d.vals.device).map((d) => ({ vendor: d.vals.vendor!.replace(/^0x/, ''), device: d.vals.device!.replace(/^0x/, '') }));
  const nameOf = await pciNames(io, ids);
  const lines = devs.map(({ bdf, vals, driver, group }) => {
    const kv: string[] = [];
    const hex = (v?: string) => v?.replace(/^0x/, '').toLowerCase();
    if (vals.vendor) kv.push(`vendor=${hex(vals.vendor)}`);
    if (vals.device) kv.push(`device=${hex(vals.device)}`);
    if (vals.class) kv.push(`class=${hex(vals.class)}`);
    if (vals.subsystem_vendor && vals.subsystem_device) kv.push(`subsystem=${hex(vals.subsystem_vendor)}:${hex(vals.subsystem_device)}`);
    kv.push(`driver=${driver ?? '-'}`);
    if (vals.driver_override !== undefined) kv.push(`driver_override=${quote(vals.driver_override)}`);
    if (vals.boot_vga !== undefined) kv.push(`boot_vga=${vals.boot_vga}`);
    if (group) kv.push(`iommu_group=${group}`);
    if (vals.reset_method !== undefined) kv.push(`reset_method=${quote(vals.reset_method.replace(/\s+/g, ','))}`);
    if (vals.power_state !== undefined) kv.push(`power_state=${vals.power_state}`);
    const name = nameOf.get(`${hex(vals.vendor)}:${hex(vals.device)}`);
    if (name) kv.push(`name=${quote(name)}`);
    return `${bdf} ${kv.join(' ')}`;
  });
  return { text: lines.join('\n'), count: lines.length };
}
