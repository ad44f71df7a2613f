// idCollisions: the devices a by-ID binding would also take, found through a per-vendor index, in the facts' order.
import { describe, it, expect } from 'vitest';
import { hostFrom, paste } from '../harness';
import { idCollisions } from '../../src/engine/fixes/bind-choice';
import type { PciDevice } from '../../src/schema/facts';

const LINES = [
  '=== /sys/bus/pci/devices ===',
  '0000:01:00.0 vendor=10de device=2204 class=030000 driver=nvidia iommu_group=14',
  '0000:01:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=14',
  '0000:02:00.0 vendor=8086 device=1889 class=020000 driver=iavf iommu_group=15',
  '0000:0c:00.0 vendor=10de device=2204 class=030000 driver=nvidia iommu_group=21',
  '0000:0c:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=21',
  '0000:0d:00.0 vendor=8086 device=1889 class=020000 driver=iavf iommu_group=22',
  '0000:0e:00.0 vendor=10de device=2204 class=030000 driver=nvidia iommu_group=23',
];

/** What idCollisions gave before its index: a walk of every device. */
const walk = (pci: PciDevice[], devs: PciDevice[]) => {
  const id = (d: PciDevice) => `${d.vendor}:${d.device}`;
  return pci.filter((d) => !devs.some((x) => x.bdf === d.bdf) && devs.some((x) => id(x) === id(d)));
};

describe('idCollisions', () => {
  const host = hostFrom(paste(...LINES));
  const at = (...bdfs: string[]) => bdfs.map((b) => host.device(b)!);

  it('finds the other cards of the same IDs, in the facts\' order', () => {
    expect(idCollisions(host, at('0000:0c:00.0', '0000:0c:00.1')).map((d) => d.bdf)).toEqual(['0000:01:00.0', '0000:01:00.1', '0000:0e:00.0']);
    expect(idCollisions(host, at('0000:01:00.1')).map((d) => d.bdf)).toEqual(['0000:0c:00.1']);
  });

  it('answers as a walk of every device does, for one vendor and for several', () => {
    const all = host.facts.pci;
    for (let i = 0; i < all.length; i++)
      for (let j = i; j < all.length; j++) {
        const devs = i === j ? [all[i]!] : [all[i]!, all[j]!];
        expect(idCollisions(host, devs), devs.map((d) => d.bdf).join(' ')).toEqual(walk(all, devs));
      }
    expect(idCollisions(host, [])).toEqual([]);
  });

  it('a device added to the facts after a first question is found too', () => {
    const h = hostFrom(paste(...LINES));
    const target = [h.device('0000:02:00.0')!];
    expect(idCollisions(h, target).map((d) => d.bdf)).toEqual(['0000:0d:00.0']);
    h.facts.pci.push({ bdf: '0000:0f:00.0', vendor: '8086', device: '1889', evidence: [] });
    expect(idCollisions(h, target).map((d) => d.bdf)).toEqual(['0000:0d:00.0', '0000:0f:00.0']);
  });
});
