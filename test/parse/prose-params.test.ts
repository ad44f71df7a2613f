// Kernel parameters stated in a sentence are read as stated configuration (never as the running command line);
// questions, negations and advice to or from others are not.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';
import { statedParams } from '../../src/parse/prose-params';
import { looksLikeCmdline } from '../../src/parse/cmdline';

describe('kernel parameters stated in prose', () => {
  it.each<[string, string[]]>([
    // github.com/anatol/booster/issues/20
    ['With vfio-pci.ids=1002:67df,1002:aaf0 secondary GPU should not be activated.', ['vfio-pci.ids=1002:67df,1002:aaf0']],
    // github.com/pop-os/pop/issues/968
    ["put iommu=on, amd_iommu=on on kernel line using this pattern kernelstub -a 'iommu=on'", ['iommu=on', 'amd_iommu=on', 'iommu=on']],
    ['I added intel_iommu=on iommu=pt to grub and ran update-grub.', ['intel_iommu=on', 'iommu=pt']],
    ['I already have `pcie_acs_override=downstream,multifunction` on the kernel line', ['pcie_acs_override=downstream,multifunction']],
    ['My kernel line has vfio_pci.ids=10de:1b80,10de:10f0.', ['vfio_pci.ids=10de:1b80,10de:10f0']],
    // Not stated as set.
    ['Should I add vfio-pci.ids=1002:67df to the kernel line?', []],
    ['I did not add intel_iommu=on yet', []],
    ["I haven't set iommu=pt", []],
    ['You need to add amd_iommu=on to GRUB_CMDLINE_LINUX_DEFAULT', []],
    ['Someone told me to add iommu=pt', []],
    ['The guide says to put intel_iommu=on on the kernel line', []],
    ['If you use intel_iommu=on the groups appear', []],
    // Not a parameter this reader knows: any word=value is not a kernel parameter.
    ['I set x=1 and debug=true in the config', []],
  ])('%s', (text, want) => {
    expect(statedParams(text).map((p) => p.raw)).toEqual(want);
  });

  it('keys are normalised like the kernel (dash = underscore)', () => {
    expect(statedParams('With vfio-pci.ids=1002:67df secondary GPU …')[0]).toEqual({ key: 'vfio_pci.ids', value: '1002:67df', raw: 'vfio-pci.ids=1002:67df' });
  });

  it('a sentence is never the running command line; its parameters are stated, with the sentence as evidence', () => {
    const f = parse(lines('With vfio-pci.ids=1002:67df,1002:aaf0 secondary GPU should not be activated.'));
    expect(f.cmdline).toBeUndefined();
    expect(f.statedParams).toEqual([{ param: { key: 'vfio_pci.ids', value: '1002:67df,1002:aaf0', raw: 'vfio-pci.ids=1002:67df,1002:aaf0' }, evidence: expect.objectContaining({ line: 1 }) }]);
  });
});

describe('a command line is not a sentence', () => {
  it.each<[string, boolean]>([
    ['BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=UUID=abc ro quiet splash intel_iommu=on iommu=pt', true],
    ['quiet splash amd_iommu=on vfio-pci.ids=10de:2204,10de:1aef', true],
    ['initrd=\\initramfs-linux.img root=PARTUUID=4f6c rw nomodeset video=efifb:off', true],
    ['With vfio-pci.ids=1002:67df,1002:aaf0 secondary GPU should not be activated.', false],
    ['the iommu=pt option is set', false],
    ['intel_iommu=on is set, still nothing.', false],
  ])('%s', (text, want) => {
    expect(looksLikeCmdline(text)).toBe(want);
  });
});
