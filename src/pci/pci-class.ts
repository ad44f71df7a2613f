// PCI class names as lspci prints them: class codes recovered from names when -nn was not used, names for sysfs devices.
// Class and subclass names exactly as lspci prints them (pci.ids), by the first four hex digits of the class code.
const NAMES: [string, string][] = [
  ['0300', 'VGA compatible controller'],
  ['0301', 'XGA compatible controller'],
  ['0302', '3D controller'],
  ['0380', 'Display controller'],
  ['0403', 'Audio device'],
  ['0401', 'Multimedia audio controller'],
  ['0480', 'Multimedia controller'],
  ['0c03', 'USB controller'],
  ['0c80', 'Serial bus controller'],
  ['0c05', 'SMBus'],
  ['0604', 'PCI bridge'],
  ['0600', 'Host bridge'],
  ['0601', 'ISA bridge'],
  ['0106', 'SATA controller'],
  ['0101', 'IDE interface'],
  ['0104', 'RAID bus controller'],
  ['0108', 'Non-Volatile memory controller'],
  ['0200', 'Ethernet controller'],
  ['0280', 'Network controller'],
  ['0780', 'Communication controller'],
  ['0880', 'System peripheral'],
  ['0806', 'IOMMU'],
  ['1080', 'Encryption controller'],
  ['1180', 'Signal processing controller'],
  ['1300', 'Non-Essential Instrumentation'],
  ['0100', 'SCSI storage controller'],
  ['0105', 'ATA controller'],
  ['0107', 'Serial Attached SCSI controller'],
  ['0180', 'Mass storage controller'],
  ['0400', 'Multimedia video controller'],
  ['0500', 'RAM memory'],
  ['0580', 'Memory controller'],
  ['0680', 'Bridge'],
  ['0700', 'Serial controller'],
  ['0805', 'SD Host controller'],
  ['1200', 'Processing accelerators'],
  ['ff00', 'Unassigned class'],
];
// Base classes, for subclasses the table above does not name.
const BASE_NAMES: Record<string, string> = {
  '00': 'Unclassified device', '01': 'Mass storage controller', '02': 'Network controller', '03': 'Display controller',
  '04': 'Multimedia controller', '05': 'Memory controller', '06': 'Bridge', '07': 'Communication controller',
  '08': 'Generic system peripheral', '09': 'Input device controller', '0a': 'Docking station', '0b': 'Processor',
  '0c': 'Serial bus controller', '0d': 'Wireless controller', '0e': 'Intelligent controller',
  '0f': 'Satellite communications controller', '10': 'Encryption controller', '11': 'Signal processing controller',
  '12': 'Processing accelerators', '13': 'Non-Essential Instrumentation', ff: 'Unassigned class',
};

const NAME_BY_CLASS: Record<string, string> = Object.fromEntries(NAMES);
const CLASS_BY_NAME: Record<string, string> = Object.fromEntries(NAMES.map(([code, name]) => [name.toLowerCase(), code]));

/** "030000" → "VGA compatible controller", for sysfs devices that come without lspci's names. */
export function classNameOf(code: string | undefined): string | undefined {
  return code ? NAME_BY_CLASS[code.slice(0, 4).toLowerCase()] : undefined;
}

/** What to call a device of this class when lspci did not name it: its class, else its base class, else the code. */
export function classLabel(code: string | undefined): string {
  if (!code) return 'device';
  return classNameOf(code) ?? BASE_NAMES[code.slice(0, 2).toLowerCase()] ?? `class ${code}`;
}

export function classFromName(name: string): string | undefined {
  return CLASS_BY_NAME[name.trim().toLowerCase()];
}

export const isDisplayClass = (code?: string) => !!code && code.startsWith('03');
export const isBridgeClass = (code?: string) => !!code && (code.startsWith('0604') || code.startsWith('0600') || code.startsWith('0601') || code.startsWith('0609'));
export const isAudioClass = (code?: string) => !!code && code.startsWith('0403');
export const isUsbClass = (code?: string) => !!code && code.startsWith('0c03');
export const isUcsiClass = (code?: string) => !!code && code.startsWith('0c80');
