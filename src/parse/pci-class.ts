// PCI class names as lspci prints them, to recover class codes when -nn was not used.
const CLASS_BY_NAME: Record<string, string> = {
  'vga compatible controller': '0300',
  'xga compatible controller': '0301',
  '3d controller': '0302',
  'display controller': '0380',
  'audio device': '0403',
  'multimedia audio controller': '0401',
  'multimedia controller': '0480',
  'usb controller': '0c03',
  'serial bus controller': '0c80',
  'smbus': '0c05',
  'pci bridge': '0604',
  'host bridge': '0600',
  'isa bridge': '0601',
  'sata controller': '0106',
  'ide interface': '0101',
  'raid bus controller': '0104',
  'non-volatile memory controller': '0108',
  'ethernet controller': '0200',
  'network controller': '0280',
  'communication controller': '0780',
  'system peripheral': '0880',
  'iommu': '0806',
  'encryption controller': '1080',
  'signal processing controller': '1180',
  'non-essential instrumentation': '1300',
  'scsi storage controller': '0100',
  'ata controller': '0105',
  'serial attached scsi controller': '0107',
  'mass storage controller': '0180',
  'multimedia video controller': '0400',
  'ram memory': '0500',
  'memory controller': '0580',
  'bridge': '0680',
  'serial controller': '0700',
  'sd host controller': '0805',
  'processing accelerators': '1200',
  'unassigned class': 'ff00',
};

const NAME_BY_CLASS: Record<string, string> = Object.fromEntries(
  Object.entries(CLASS_BY_NAME).map(([name, code]) => [code, name.replace(/\b(vga|xga|3d|usb|pci|isa|sata|ide|raid|iommu|smbus)\b/g, (w) => w.toUpperCase()).replace(/^./, (c) => c.toUpperCase())]),
);

/** "030000" → "VGA compatible controller", for sysfs devices that come without lspci's names. */
export function classNameOf(code: string | undefined): string | undefined {
  return code ? NAME_BY_CLASS[code.slice(0, 4)] : undefined;
}

export function classFromName(name: string): string | undefined {
  return CLASS_BY_NAME[name.trim().toLowerCase()];
}

export const isDisplayClass = (code?: string) => !!code && code.startsWith('03');
export const isBridgeClass = (code?: string) => !!code && (code.startsWith('0604') || code.startsWith('0600') || code.startsWith('0601') || code.startsWith('0609'));
export const isAudioClass = (code?: string) => !!code && code.startsWith('0403');
export const isUsbClass = (code?: string) => !!code && code.startsWith('0c03');
export const isUcsiClass = (code?: string) => !!code && code.startsWith('0c80');
