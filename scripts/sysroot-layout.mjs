// Lays a sysroot out on disk from a spec: a fake /sys with the kernel's symlink layout, /proc, /etc and /var/log.
// Shared by scripts/make-sysroots.mjs (the fixtures) and scripts/bench.mjs (the large server), so both stay alike.
import { mkdirSync, writeFileSync, symlinkSync, readdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { ueventText } from './uevent.mjs';

const write = (root, path, content) => {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content.endsWith('\n') || content === '' ? content : `${content}\n`);
};
const link = (root, from, to) => {
  const p = join(root, from);
  mkdirSync(dirname(p), { recursive: true });
  symlinkSync(relative(dirname(p), join(root, to)), p);
};

/**
 * Materialise `spec` (the format of fixtures/sysroots-src/<name>.json) under `root`, which must not hold a tree yet.
 * spec: files (path → text or lines), pci (bdf, vendor, device, class, subsystem?, driver?, group?, …), uevent,
 * iommu, iommu_class, acpi_tables, dmi, dev_kvm.
 */
export function buildSysroot(root, spec) {
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(spec.files ?? {})) write(root, path, Array.isArray(content) ? content.join('\n') : content);
  mkdirSync(join(root, 'sys/kernel/iommu_groups'), { recursive: true });
  for (const d of spec.pci ?? []) {
    const dev = `/sys/devices/pci${d.bdf.slice(0, 7)}/${d.bdf}`;
    // "uevent": false in a spec makes a tree without it (older or hand-made), read through the separate files.
    if (spec.uevent !== false) write(root, `${dev}/uevent`, ueventText(d, d.subsystem ?? '0000:0000'));
    write(root, `${dev}/vendor`, `0x${d.vendor}`);
    write(root, `${dev}/device`, `0x${d.device}`);
    write(root, `${dev}/class`, `0x${d.class}`);
    write(root, `${dev}/subsystem_vendor`, `0x${d.subsystem?.split(':')[0] ?? '0000'}`);
    write(root, `${dev}/subsystem_device`, `0x${d.subsystem?.split(':')[1] ?? '0000'}`);
    write(root, `${dev}/driver_override`, d.driver_override ?? '(null)');
    write(root, `${dev}/power_state`, d.power_state ?? 'D0');
    if (d.reset_method !== undefined) write(root, `${dev}/reset_method`, d.reset_method);
    if (d.class.startsWith('03')) write(root, `${dev}/boot_vga`, d.boot_vga ? '1' : '0');
    link(root, `/sys/bus/pci/devices/${d.bdf}`, dev);
    if (d.driver) {
      mkdirSync(join(root, `sys/bus/pci/drivers/${d.driver}`), { recursive: true });
      link(root, `${dev}/driver`, `/sys/bus/pci/drivers/${d.driver}`);
    }
    if (d.group !== undefined && spec.iommu !== false) {
      mkdirSync(join(root, `sys/kernel/iommu_groups/${d.group}/devices`), { recursive: true });
      link(root, `${dev}/iommu_group`, `/sys/kernel/iommu_groups/${d.group}`);
      link(root, `/sys/kernel/iommu_groups/${d.group}/devices/${d.bdf}`, dev);
    }
  }
  for (const c of spec.iommu_class ?? []) mkdirSync(join(root, `sys/class/iommu/${c}`), { recursive: true });
  mkdirSync(join(root, 'sys/class/iommu'), { recursive: true });
  for (const t of spec.acpi_tables ?? []) write(root, `/sys/firmware/acpi/tables/${t}`, 'table');
  mkdirSync(join(root, 'sys/firmware/acpi/tables'), { recursive: true });
  for (const [k, v] of Object.entries(spec.dmi ?? {})) write(root, `/sys/class/dmi/id/${k}`, v);
  if (spec.dev_kvm) write(root, '/dev/kvm', '');
  // git does not keep empty folders: mark the ones whose emptiness means something.
  for (const p of ['sys/kernel/iommu_groups', 'sys/class/iommu', 'sys/firmware/acpi/tables'])
    if (readdirSync(join(root, p)).length === 0) writeFileSync(join(root, p, '.keep'), '');
}
