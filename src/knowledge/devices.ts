// A flat, people-oriented view of the host's PCI devices (class name, IDs, driver, group) for answers and the chat's tables.
import type { Host } from '../facts/host';
import type { PciDevice } from '../schema/facts';
import { shortBdf } from '../pci/bdf';
import { isBridgeClass, isDisplayClass, classLabel } from '../pci/pci-class';
import { tr } from '../i18n/lang';

export interface DeviceView {
  bdf: string;
  short: string;
  className: string;
  classCode?: string;
  name?: string;
  ids?: string;
  /** undefined: unknown; null: no driver. */
  driver?: string | null;
  group?: number;
  bootVga?: boolean;
  bridge: boolean;
  display: boolean;
}

export function viewOf(d: PciDevice): DeviceView {
  return {
    bdf: d.bdf,
    short: shortBdf(d.bdf),
    className: d.className ?? classLabel(d.classCode),
    classCode: d.classCode,
    name: d.name,
    ids: d.vendor && d.device ? `${d.vendor}:${d.device}` : undefined,
    driver: d.driver,
    group: d.iommuGroup,
    bootVga: d.bootVga,
    bridge: isBridgeClass(d.classCode) || d.driver === 'pcieport',
    display: isDisplayClass(d.classCode),
  };
}

export function deviceViews(host: Host): DeviceView[] {
  return [...host.facts.pci].sort((a, b) => a.bdf.localeCompare(b.bdf)).map(viewOf);
}

export function deviceView(host: Host, bdf: string): DeviceView {
  const d = host.device(bdf);
  return d ? viewOf(d) : { bdf, short: shortBdf(bdf), className: 'device', bridge: false, display: false };
}

/** "the SATA controller at 01:00.1 (Alder Lake-S PCH SATA Controller, driver ahci)" */
export function deviceWords(v: DeviceView): string {
  const extra = [v.name, v.driver ? tr(`driver ${v.driver}`, `驱动 ${v.driver}`) : undefined].filter(Boolean).join(tr(', ', ','));
  return tr(`the ${v.className} at ${v.short}${extra ? ` (${extra})` : ''}`, `${v.short} 上的 ${v.className}${extra ? `\uff08${extra}\uff09` : ''}`);
}

export const driverText = (v: DeviceView) => (v.driver === undefined ? tr('unknown', '未知') : v.driver === null ? tr('none', '无') : v.driver);

const SHORT_CLASS: Record<string, string> = {
  'VGA compatible controller': 'VGA',
  '3D controller': '3D',
  'Audio device': 'Audio',
  'Multimedia audio controller': 'Audio',
  'SATA controller': 'SATA',
  'Non-Volatile memory controller': 'NVMe',
  'Ethernet controller': 'Ethernet',
  'Network controller': 'Network',
  'USB controller': 'USB',
  'Serial bus controller': 'Serial bus',
  'Encryption controller': 'Crypto',
  'Signal processing controller': 'Signal proc.',
  'System peripheral': 'System',
};

const VENDOR_SHORT: [RegExp, string][] = [
  [/^NVIDIA Corporation\s+/, 'NVIDIA '],
  [/^Intel Corporation\s+/, 'Intel '],
  [/^Advanced Micro Devices, Inc\.\s*\[AMD\/ATI\]\s+/, 'AMD '],
  [/^Advanced Micro Devices, Inc\.\s*\[AMD\]\s+/, 'AMD '],
  [/^Realtek Semiconductor Co\., Ltd\.\s+/, 'Realtek '],
  [/^ASMedia Technology Inc\.\s+/, 'ASMedia '],
  [/^Samsung Electronics Co Ltd\s+/, 'Samsung '],
];

/** "VGA: NVIDIA GA102 [GeForce RTX 3090 Ti]" for narrow table cells. */
export function shortDescription(v: DeviceView): string {
  const cls = SHORT_CLASS[v.className] ?? v.className.replace(/ controller$/i, '');
  let name = v.name ?? '';
  for (const [re, to] of VENDOR_SHORT) name = name.replace(re, to);
  return name ? `${cls}: ${name}` : cls;
}
