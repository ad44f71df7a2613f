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

export async function collectPci(io: HostIO): Promise<{ text: string; count: number } | undefined> {
  const names = await io.readDir('/sys/bus/pci/devices');
  if (!names) return undefined;
  const devs = await Promise.all(
    names.map(async (bdf) => {
      const dir = `/sys/bus/pci/devices/${bdf}`;
      const vals: Partial<Record<(typeof FIELDS)[number], string>> = {};
      await Promise.all(FIELDS.map(async (f) => (vals[f] = await readField(io, `${dir}/${f}`))));
      const driver = base(await io.readLink(`${dir}/driver`));
      const group = base(await io.readLink(`${dir}/iommu_group`));
      return { bdf, vals, driver, group };
    }),
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
