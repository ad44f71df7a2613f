// group-not-isolated: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, ruleCases } from '../../test/harness';

const LOOP = "$ for d in /sys/kernel/iommu_groups/*/devices/*; do n=${d#*/iommu_groups/*}; n=${n%%/*}; printf 'IOMMU Group %s ' \"$n\"; lspci -nns \"${d##*/}\"; done | sort -V";

// B550: the bottom x16 slot hangs off the chipset, which shares one group with SATA, USB and both NICs.
const B550_CHIPSET_GROUP = [
  LOOP,
  'IOMMU Group 14 01:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO [144d:a80a]',
  'IOMMU Group 15 02:00.0 USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset USB 3.1 XHCI Controller [1022:43ee]',
  'IOMMU Group 15 02:00.1 SATA controller [0106]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset SATA Controller [1022:43eb]',
  'IOMMU Group 15 02:00.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] 500 Series Chipset Switch Upstream Port [1022:43e9]',
  'IOMMU Group 15 03:00.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device [1022:43ea]',
  'IOMMU Group 15 03:09.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device [1022:43ea]',
  'IOMMU Group 15 04:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA106 [GeForce RTX 3060 Lite Hash Rate] [10de:2504] (rev a1)',
  'IOMMU Group 15 04:00.1 Audio device [0403]: NVIDIA Corporation GA106 High Definition Audio Controller [10de:228e] (rev a1)',
  'IOMMU Group 15 05:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)',
  'IOMMU Group 15 06:00.0 Network controller [0280]: Intel Corporation Wi-Fi 6 AX200 [8086:2723] (rev 1a)',
  'IOMMU Group 18 09:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT] [1002:73df] (rev c1)',
  'IOMMU Group 19 09:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '$ cat /proc/cmdline',
  'BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.11.8-300.fc41.x86_64 root=UUID=7e0b5a32-4c1d-4f8e-9a66-21d3c0b8e4f7 ro rootflags=subvol=root rhgb quiet rd.driver.pre=vfio-pci vfio-pci.ids=10de:2504,10de:228e',
];

// Intel Z170: GTX 1080 behind the CPU root port 00:01.0 — the root port in the group is fine.
const GTX1080_CPU_SLOT = [
  LOOP,
  'IOMMU Group 0 00:00.0 Host bridge [0600]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen Core Processor Host Bridge/DRAM Registers [8086:191f] (rev 07)',
  'IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 07)',
  'IOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)',
  'IOMMU Group 1 01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
  'IOMMU Group 2 00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 530 [8086:1912] (rev 06)',
  'IOMMU Group 7 00:17.0 SATA controller [0106]: Intel Corporation Q170/Q150/B150/H170/H110/Z170/CM236 Chipset SATA Controller [AHCI Mode] [8086:a102] (rev 31)',
];

// Same GTX 1080, but in a chipset slot behind the PCH root ports, grouped with a sound card.
const GTX1080_PCH_WITH_SOUNDCARD = [
  LOOP,
  'IOMMU Group 2 00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 530 [8086:1912] (rev 06)',
  'IOMMU Group 8 00:1c.0 PCI bridge [0604]: Intel Corporation 100 Series/C230 Series Chipset Family PCI Express Root Port #1 [8086:a110] (rev f1)',
  'IOMMU Group 8 00:1c.4 PCI bridge [0604]: Intel Corporation 100 Series/C230 Series Chipset Family PCI Express Root Port #5 [8086:a114] (rev f1)',
  'IOMMU Group 8 02:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)',
  'IOMMU Group 8 02:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)',
  'IOMMU Group 8 03:00.0 Audio device [0403]: Creative Labs Sound Core3D [Sound Blaster Recon3D / Z-Series / Sound BlasterX AE-5 Plus] [1102:0012] (rev 01)',
];

// Turing: VGA, audio, USB-C xHCI and UCSI are four functions of one card in one group.
const TURING_GROUP = [
  LOOP,
  'IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 0d)',
  'IOMMU Group 16 0b:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104 [GeForce RTX 2080 Rev. A] [10de:1e87] (rev a1)',
  'IOMMU Group 16 0b:00.1 Audio device [0403]: NVIDIA Corporation TU104 HD Audio Controller [10de:10f8] (rev a1)',
  'IOMMU Group 16 0b:00.2 USB controller [0c03]: NVIDIA Corporation TU104 USB 3.1 Host Controller [10de:1ad8] (rev a1)',
  'IOMMU Group 16 0b:00.3 Serial bus controller [0c80]: NVIDIA Corporation TU104 USB Type-C UCSI Controller [10de:1ad9] (rev a1)',
];

// The finding's data: the GPU, its group, what each other member is (substrings of describeDevice), which the host needs.
type Expect = { severity: 'error' | 'warning'; bdf: string; others: string[]; critical: string[]; devices: string[]; group: number }[] | RegExp;

const cases: { name: string; text: string; gpus?: string[]; expect: Expect }[] = [
  {
    name: 'B550 chipset slot: GPU grouped with SATA, USB, Ethernet and Wi-Fi is an error',
    text: paste(...B550_CHIPSET_GROUP),
    expect: [
      {
        severity: 'error',
        group: 15,
        bdf: '04:00.0',
        others: ['02:00.1 SATA controller [1022:43eb]', '05:00.0 Ethernet controller [10ec:8125]'],
        critical: ['02:00.1', '05:00.0', '06:00.0'],
        devices: ['0000:02:00.0', '0000:02:00.1', '0000:05:00.0', '0000:06:00.0'],
      },
    ],
  },
  {
    name: 'a sound card in the GPU\'s group is only a warning (it can go to the VM too)',
    text: paste(...GTX1080_PCH_WITH_SOUNDCARD),
    expect: [{ severity: 'warning', group: 8, bdf: '02:00.0', others: ['03:00.0 Audio device [1102:0012]'], critical: [], devices: ['0000:03:00.0'] }],
  },
  {
    name: 'a host USB controller (driver xhci_hcd) in the group is an error',
    text: paste(
      ...GTX1080_PCH_WITH_SOUNDCARD.slice(0, 6),
      'IOMMU Group 8 04:00.0 USB controller [0c03]: ASMedia Technology Inc. ASM2142/ASM3142 USB 3.1 Host Controller [1b21:2142]',
      '$ lspci -nnk -s 04:00.0',
      '04:00.0 USB controller [0c03]: ASMedia Technology Inc. ASM2142/ASM3142 USB 3.1 Host Controller [1b21:2142]',
      '\tSubsystem: ASUSTeK Computer Inc. Device [1043:8756]',
      '\tKernel driver in use: xhci_hcd',
      '\tKernel modules: xhci_pci',
    ),
    expect: [{ severity: 'error', group: 8, bdf: '02:00.0', others: ['04:00.0 USB controller [1b21:2142] (driver xhci_hcd)'], critical: ['04:00.0'], devices: ['0000:04:00.0'] }],
  },
  {
    name: 'NVMe with the GPU (collected sysfs, --gpu given)',
    text: paste(
      '=== /sys/bus/pci/devices ===',
      '0000:00:01.1 vendor=1022 device=1483 class=060400 driver=pcieport iommu_group=2',
      '0000:01:00.0 vendor=144d device=a80a class=010802 driver=nvme iommu_group=2',
      '0000:02:00.0 vendor=10de device=2206 class=030000 driver=nvidia boot_vga=0 iommu_group=2',
      '0000:02:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel iommu_group=2',
      '=== /sys/kernel/iommu_groups ===',
      '/sys/kernel/iommu_groups/2/devices/0000:00:01.1',
      '/sys/kernel/iommu_groups/2/devices/0000:01:00.0',
      '/sys/kernel/iommu_groups/2/devices/0000:02:00.0',
      '/sys/kernel/iommu_groups/2/devices/0000:02:00.1',
    ),
    gpus: ['02:00.0'],
    expect: [{ severity: 'error', group: 2, bdf: '02:00.0', others: ['01:00.0', 'driver nvme'], critical: ['01:00.0'], devices: ['0000:01:00.0'] }],
  },
  // Must not fire.
  { name: 'the CPU root port (a PCI bridge) in the GPU\'s group does not break isolation', text: paste(...GTX1080_CPU_SLOT), expect: [] },
  { name: 'the four Turing functions share one group: same card, not a problem', text: paste(...TURING_GROUP), expect: [] },
  {
    name: 'RX 6800 behind its own PCIe switch ports: the switch bridges are fine',
    text: paste(
      '$ ./iommu_groups.sh',
      'Group 13:\t[1002:1478] [R] 01:00.0 PCI bridge: Advanced Micro Devices, Inc. [AMD/ATI] Navi 10 XL Upstream Port of PCI Express Switch (rev c3)',
      'Group 14:\t[1002:1479] [R] 02:00.0 PCI bridge: Advanced Micro Devices, Inc. [AMD/ATI] Navi 10 XL Downstream Port of PCI Express Switch',
      'Group 15:\t[1002:73bf] [R] 03:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] (rev c3)',
      'Group 15:\t[1002:ab28]     03:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller',
      'Group 16:\t[144d:a80c]     04:00.0 Non-Volatile memory controller: Samsung Electronics Co Ltd NVMe SSD Controller S4LV008[Pascal]',
    ),
    expect: [],
  },
  {
    name: 'the other GPU with the B550 chipset group is not the target: its own group is clean',
    text: paste(...B550_CHIPSET_GROUP),
    gpus: ['09:00.0'],
    expect: [],
  },
  { name: 'no groups at all is iommu-groups-absent\'s finding', text: paste('=== host ===', 'iommu_groups=empty', '=== /sys/bus/pci/devices ===', '0000:01:00.0 vendor=10de device=1b80 class=030000 driver=nouveau boot_vga=0'), expect: [] },
  // Unknown is not false.
  {
    name: 'lspci without a group listing',
    text: paste('$ lspci -nnk -s 01:00', '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)', '\tKernel driver in use: nouveau', '\tKernel modules: nouveau'),
    expect: /no IOMMU group listing/,
  },
  { name: 'no GPU in the input', text: paste(LOOP, 'IOMMU Group 7 00:17.0 SATA controller [0106]: Intel Corporation Q170/Q150/B150/H170/H110/Z170/CM236 Chipset SATA Controller [AHCI Mode] [8086:a102] (rev 31)'), expect: /no GPU was found/ },
  { name: 'the chosen GPU is not in the group listing', text: paste(...GTX1080_CPU_SLOT), gpus: ['0c:00.0'], expect: /IOMMU group of 0c:00\.0 is not in the listing/ },
];

describe('group-not-isolated', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]?.messageId).toBe('shares');
      const data = r.messages[i]!.data as { bdf: string; group: number; others: string[]; critical: string[] };
      expect(data).toMatchObject({ bdf: e.bdf, group: e.group, critical: e.critical });
      for (const t of e.others) expect(data.others.join('\n')).toContain(t);
      expect(data.others).toHaveLength(e.devices.length);
      expect(f.devices).toEqual(e.devices);
      // Bridges and the card's own functions are never listed as intruders.
      expect(data.others.join('\n')).not.toMatch(/PCI bridge/);
      expect(f.evidence.length).toBeGreaterThan(0);
      const fix = f.fixes[0]!;
      expect(fix.id).toBe('group-not-isolated/isolate');
      const verify = fix.steps.find((s) => s.kind === 'verify');
      expect(verify && verify.kind === 'verify' && verify.argv).toEqual(['ls', `/sys/kernel/iommu_groups/${e.group}/devices/`]);
    });
  });

  it('the fix names the devices that would leave the host and warns about the ACS override', () => {
    const r = runRule(rule, paste(...B550_CHIPSET_GROUP));
    const steps = r.findings[0]!.fixes[0]!.steps.filter((s) => s.kind === 'manual').map((s) => s.description).join('\n');
    expect(steps).toContain('02:00.0, 02:00.1, 05:00.0, 06:00.0 would leave the host');
    expect(steps).toContain('not possible if the host needs them');
    expect(steps).toContain('pcie_acs_override=downstream,multifunction');
    expect(steps).toMatch(/peer-to-peer DMA/);
    expect(steps).toMatch(/CPU-attached slot/);
  });
});
