// How rules name devices and drivers in messages: short, with IDs and drivers, the way lspci users read them.
import type { PciDevice } from '../schema/facts';
import { shortBdf } from '../pci/bdf';
import { classLabel } from '../pci/pci-class';
import { tr } from '../i18n/lang';

export function describeDevice(d: PciDevice, withDriver = true): string {
  const what = d.className ?? classLabel(d.classCode);
  const ids = d.vendor && d.device ? ` [${d.vendor}:${d.device}]` : '';
  const drv = withDriver ? (d.driver ? tr(` (driver ${d.driver})`, `（驱动 ${d.driver}）`) : d.driver === null ? tr(' (no driver)', '（无驱动）') : '') : '';
  return `${shortBdf(d.bdf)} ${what}${ids}${drv}`;
}

/** Drivers that mean "the host is using this device" rather than "held for a VM". */
export const isVfioDriver = (drv: string | null | undefined) => drv === 'vfio-pci' || drv === 'pci-stub';
export const isHostDriver = (drv: string | null | undefined) => !!drv && !isVfioDriver(drv) && drv !== 'pcieport';
