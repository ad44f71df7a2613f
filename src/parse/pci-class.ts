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
};

export function classFromName(name: string): string | undefined {
  return CLASS_BY_NAME[name.trim().toLowerCase()];
}

/** "030000" or "0300" → the two-byte base+sub class "0300". */
export function baseClass(code: string | undefined): string | undefined {
  return code ? code.slice(0, 4) : undefined;
}

export const isDisplayClass = (code?: string) => !!code && code.startsWith('03');
export const isBridgeClass = (code?: string) => !!code && (code.startsWith('0604') || code.startsWith('0600') || code.startsWith('0601') || code.startsWith('0609'));
export const isAudioClass = (code?: string) => !!code && code.startsWith('0403');
export const isUsbClass = (code?: string) => !!code && code.startsWith('0c03');
export const isUcsiClass = (code?: string) => !!code && code.startsWith('0c80');
