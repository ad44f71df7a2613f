// Several GPUs: intent (vfio-pci configuration, a VM naming one, --gpu) picks the target; without intent every candidate
// is checked and the report gives a verdict per GPU (text, markdown, JSON). GPUs named only in log lines count too.
import { describe, expect, it } from 'vitest';
import { diagnoseFull } from '../../src/index';
import { renderText } from '../../src/render/text';
import { renderMarkdown } from '../../src/render/markdown';
import { Report } from '../../src/schema/report';
import { gpusNamedInLog } from '../../src/facts/log-devices';
import { vmDevicesIn } from '../../src/facts/intent';
import { parseSources } from '../../src/facts/from-sources';
import { paste } from '../harness';

const NOW = new Date('2026-01-01T00:00:00Z');

// An Intel desktop with its iGPU as the boot display and two discrete cards: the RTX 3090 alone in its group, the
// RX 6800 sharing group 14 with the Ethernet controller behind the same chipset bridge.
const CMDLINE = 'BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=3f2a ro quiet splash intel_iommu=on iommu=pt';
const LSPCI = [
  '$ lspci -nnk',
  '00:00.0 Host bridge [0600]: Intel Corporation 12th Gen Core Processor Host Bridge/DRAM Registers [8086:4660] (rev 02)',
  '00:01.0 PCI bridge [0604]: Intel Corporation 12th Gen Core Processor PCI Express x16 Controller #1 [8086:460d] (rev 02)',
  '\tKernel driver in use: pcieport',
  '00:02.0 VGA compatible controller [0300]: Intel Corporation AlderLake-S GT1 [8086:4680] (rev 0c)',
  '\tKernel driver in use: i915',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
  '\tKernel driver in use: nvidia',
  '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
  '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
  '\tKernel driver in use: snd_hda_intel',
  '03:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)',
  '\tKernel driver in use: r8169',
  '04:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
  '\tKernel driver in use: amdgpu',
  '04:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
  '\tKernel driver in use: snd_hda_intel',
];
const GROUPS = [
  'IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation 12th Gen Core Processor PCI Express x16 Controller #1 [8086:460d] (rev 02)',
  'IOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)',
  'IOMMU Group 1 01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
  'IOMMU Group 2 00:02.0 VGA compatible controller [0300]: Intel Corporation AlderLake-S GT1 [8086:4680] (rev 0c)',
  'IOMMU Group 14 03:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)',
  'IOMMU Group 14 04:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)',
  'IOMMU Group 14 04:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]',
];
const host = (cmdline: string, ...extra: string[]) => paste('$ cat /proc/cmdline', cmdline, ...LSPCI, ...GROUPS, ...extra);
const run = (text: string, gpus: string[] = []) => diagnoseFull([{ source: 'pasted text', text }], { gpus, live: false, now: NOW });

const cases: { name: string; text: string; gpus?: string[]; targets: string[]; perCandidate: boolean; reason: RegExp }[] = [
  { name: 'two dGPUs + iGPU, nothing configured: both dGPUs are candidates', text: host(CMDLINE), targets: ['0000:01:00.0', '0000:04:00.0'], perCandidate: true, reason: /2 discrete GPUs .*nothing says which/ },
  {
    name: 'one of them in vfio-pci.ids: that one, no per-candidate verdict',
    text: host(`${CMDLINE} vfio-pci.ids=1002:73bf,1002:ab28`),
    targets: ['0000:04:00.0'],
    perCandidate: false,
    reason: /configured for vfio-pci/,
  },
  {
    name: 'a QEMU error naming one (group not viable): that one',
    text: host(CMDLINE, '$ journalctl -u libvirtd', 'Mar 02 21:14:07 desk libvirtd[1203]: internal error: qemu unexpectedly closed the monitor: 2026-03-02T20:14:07.512345Z qemu-system-x86_64: -device vfio-pci,host=0000:04:00.0,id=hostdev0,bus=pci.5,addr=0x0: vfio 0000:04:00.0: group 14 is not viable'),
    targets: ['0000:04:00.0'],
    perCandidate: false,
    reason: /named by a QEMU command line/,
  },
  {
    name: "a libvirt domain's <hostdev> naming the NVIDIA card's audio function: its card",
    text: host(
      CMDLINE,
      '$ virsh dumpxml win11',
      "    <hostdev mode='subsystem' type='pci' managed='yes'>",
      '      <source>',
      "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>",
      '      </source>',
      "      <address type='pci' domain='0x0000' bus='0x06' slot='0x00' function='0x0'/>",
      '    </hostdev>',
    ),
    targets: ['0000:01:00.0'],
    perCandidate: false,
    reason: /named by a libvirt domain's <hostdev>/,
  },
  { name: "a Proxmox VM's hostpci line (slot without function)", text: host(CMDLINE, '$ qm config 100', 'boot: order=scsi0', 'hostpci0: 0000:04:00,pcie=1,x-vga=1', 'machine: q35'), targets: ['0000:04:00.0'], perCandidate: false, reason: /Proxmox/ },
  { name: '--gpu chooses one of the candidates', text: host(CMDLINE), gpus: ['01:00.0'], targets: ['0000:01:00.0'], perCandidate: false, reason: /--gpu/ },
];

describe.each(cases)('$name', ({ text, gpus, targets, perCandidate, reason }) => {
  const { report: r } = run(text, gpus);
  it('chooses the target(s) it should, and says why', () => {
    expect(r.targets.gpus).toEqual(targets);
    expect(r.targets.perCandidate ?? false).toBe(perCandidate);
    expect(r.targets.reason).toMatch(reason);
    expect(() => Report.parse(r)).not.toThrow();
  });
  it(perCandidate ? 'gives a verdict per candidate; findings about one name it' : 'marks no finding as per candidate', () => {
    if (!perCandidate) {
      expect(r.findings.every((f) => f.candidate === undefined)).toBe(true);
      expect(r.targets.candidates).toBeUndefined();
      expect(renderText(r)).not.toContain('Verdict per candidate');
      return;
    }
    expect(r.targets.candidates?.map((c) => c.bdf)).toEqual(targets);
    for (const f of r.findings.filter((x) => x.candidate)) expect(f.devices[0]).toBe(f.candidate);
  });
});

describe('per-candidate verdicts on the two-dGPU host', () => {
  const { report: r } = run(host(CMDLINE));
  const own = (bdf: string) => r.findings.filter((f) => f.candidate === bdf).map((f) => f.id);

  it('the group shared with the Ethernet controller is a problem only if you pass the RX 6800', () => {
    expect(own('0000:04:00.0')).toContain('group-not-isolated');
    expect(own('0000:01:00.0')).not.toContain('group-not-isolated');
    // Each card is on its host driver: true of both, but each finding names its own card.
    expect(own('0000:01:00.0')).toContain('gpu-bound-to-host-driver');
    expect(own('0000:04:00.0')).toContain('gpu-bound-to-host-driver');
  });

  it('host-wide findings appear once, without a candidate', () => {
    const hostWide = r.findings.filter((f) => !f.candidate).map((f) => f.id);
    expect(new Set(hostWide).size).toBe(hostWide.length);
    expect(hostWide).not.toContain('group-not-isolated');
  });

  it('counts each candidate: the RX 6800 has more problems than the RTX 3090', () => {
    const [nv, amd] = r.targets.candidates!;
    expect(nv!.verdict).toBe('problems');
    expect(amd!.errors + amd!.warnings).toBeGreaterThan(nv!.errors + nv!.warnings);
    expect(amd!.findings).toContain('group-not-isolated');
    expect(r.summary.errors).toBe(r.findings.filter((f) => f.severity === 'error').length);
  });

  it('text, markdown and JSON say the verdict is per candidate', () => {
    const text = renderText(r, { width: 200 });
    expect(text).toContain('passthrough target: not chosen');
    expect(text).toMatch(/Verdict per candidate GPU: 01:00\.0 \(NVIDIA Corporation GA102 \[GeForce RTX 3090\]\): \d+ problems?; 04:00\.0 \(Advanced Micro Devices/);
    expect(text).toContain('If you pass 04:00.0 (Advanced Micro Devices');
    const md = renderMarkdown(r);
    expect(md).toContain('**Verdict per candidate GPU: 01:00.0');
    expect(md).toMatch(/\| If you pass 04:00\.0 [^\n]*The GPU shares its IOMMU group/);
    const json = JSON.parse(JSON.stringify(r)) as Report;
    expect(json.targets.perCandidate).toBe(true);
    expect(json.findings.find((f) => f.id === 'group-not-isolated')?.candidate).toBe('0000:04:00.0');
  });

  it('a bind fix for a candidate warns that the boot display is unknown (no boot_vga given), without blocking', () => {
    const binds = r.findings.filter((x) => x.candidate && x.id === 'gpu-bound-to-host-driver');
    expect(binds.length).toBe(2);
    for (const f of binds)
      for (const fx of f.fixes) {
        expect(fx.risk).toBeUndefined();
        expect(fx.warnings.some((w) => /Which card the host boots on is not known/.test(w))).toBe(true);
      }
  });
});

describe('the boot display is never a silent candidate', () => {
  const sysfs = (lines: string[]) => paste('=== /sys/bus/pci/devices ===', ...lines);
  const three = sysfs([
    '0000:01:00.0 vendor=10de device=2204 class=030000 driver=nvidia boot_vga=1',
    '0000:01:00.1 vendor=10de device=1aef class=040300 driver=snd_hda_intel',
    '0000:04:00.0 vendor=1002 device=73bf class=030000 driver=amdgpu boot_vga=0',
    '0000:04:00.1 vendor=1002 device=ab28 class=040300 driver=snd_hda_intel',
    '0000:05:00.0 vendor=10de device=1b81 class=030000 driver=nouveau boot_vga=0',
    '0000:05:00.1 vendor=10de device=10f0 class=040300 driver=snd_hda_intel',
  ]);

  it('three dGPUs, one the boot display: the other two are the candidates, their fixes without the boot warning', () => {
    const { report: r } = run(three);
    expect(r.targets.perCandidate).toBe(true);
    expect(r.targets.gpus).toEqual(['0000:04:00.0', '0000:05:00.0']);
    expect(r.targets.reason).toMatch(/not the boot display/);
    const fixes = r.findings.filter((f) => f.candidate).flatMap((f) => f.fixes);
    expect(fixes.length).toBeGreaterThan(0);
    for (const fx of fixes) {
      expect(fx.risk).toBeUndefined();
      expect(fx.warnings.join(' ')).not.toMatch(/boot/i);
    }
  });

  it('the boot GPU chosen with --gpu: its bind fix carries the boot-GPU risk', () => {
    const { report: r } = run(three, ['01:00.0']);
    const bind = r.findings.find((f) => f.id === 'gpu-bound-to-host-driver');
    expect(bind?.fixes.length).toBeGreaterThan(0);
    for (const fx of bind!.fixes) expect(fx.risk).toBe('boot-gpu');
  });
});

describe('GPUs named only in log lines', () => {
  it('NVRM naming a card lspci did not show makes it a device on vfio-pci, and the target', () => {
    const text = paste(
      '$ sudo dmesg | grep -iE "vfio|10de"',
      '[10582.980815] NVRM: GPU 0000:01:00.0 is already bound to vfio-pci.',
      '$ lspci | grep VGA',
      '79:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Granite Ridge [Radeon Graphics] (rev c1)',
    );
    const { report: r } = run(text);
    const d = r.devices.find((x) => x.bdf === '0000:01:00.0');
    expect(d).toMatchObject({ class: '03', driver: 'vfio-pci' });
    expect(d?.name).toMatch(/NVIDIA GPU, named only in the kernel log/);
    expect(r.targets.gpus).toEqual(['0000:01:00.0']);
    expect(r.findings.map((f) => f.id)).not.toContain('gpu-bound-to-host-driver');
  });

  it('an amdgpu line next to an lspci that shows one NVIDIA card: two candidates', () => {
    const text = paste(
      '$ lspci -nn | grep -i vga',
      '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106 [GeForce RTX 2060 SUPER] [10de:1f06] (rev a1)',
      '$ dmesg | grep amdgpu',
      '[    3.912004] amdgpu 0000:03:00.0: amdgpu: Fetched VBIOS from VFCT',
      '[    3.912117] amdgpu 0000:03:00.0: amdgpu: ATOM BIOS: 113-D4120100-100',
    );
    const { report: r } = run(text);
    expect(r.devices.find((x) => x.bdf === '0000:03:00.0')).toMatchObject({ class: '03', driver: 'amdgpu' });
    expect(r.targets.perCandidate).toBe(true);
    expect(r.targets.gpus).toEqual(['0000:01:00.0', '0000:03:00.0']);
  });

  it('reads the driver, NVRM and vendor-reset wordings, and not a failed probe as a binding', () => {
    const log = (m: string, i: number) => ({ message: m, evidence: { source: 'dmesg', line: i + 1, text: m } });
    const lines = [
      'vfio-pci 0000:28:00.0: AMD_NAVI10: performing pre-reset',
      'NVRM: Xid (PCI:0000:0b:00): 79, pid=1234, GPU has fallen off the bus.',
      'NVRM: GPU 0000:0c:00.0: RmInitAdapter failed! (0x26:0xffff:1474)',
      'nouveau 0000:0d:00.0: DRM: VRAM: 8192 MiB',
      'i915 0000:00:02.0: [drm] VT-d active for gfx access',
      'snd_hda_intel 0000:0e:00.1: enabling device (0000 -> 0002)',
      'NVRM: The NVIDIA probe routine was not called for 1 device(s).',
      'NVRM: loading NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023',
      'NVRM: GPU at PCI:0000:0f:00: GPU-5f3c1b2a-9d1e-4c2b-8a7f-0e6d5c4b3a29',
    ].map(log);
    expect(gpusNamedInLog(lines).map((g) => [g.bdf, g.vendor])).toEqual([
      ['0000:28:00.0', '1002'],
      ['0000:0b:00.0', '10de'],
      ['0000:0c:00.0', '10de'],
      ['0000:0d:00.0', '10de'],
      ['0000:00:02.0', '8086'],
      ['0000:0f:00.0', '10de'],
    ]);
    const f = parseSources([{ source: 'pasted text', text: paste('[    4.1] amdgpu 0000:07:00.0: PSP firmware loading failed', '[    4.2] amdgpu 0000:07:00.0: probe with driver amdgpu failed with error -22') }]);
    const d = f.pci.find((x) => x.bdf === '0000:07:00.0');
    expect(d?.classCode).toBe('03');
    expect(d?.driver).toBeUndefined();
  });

  it('a complete device listing is not extended from an old log line', () => {
    const text = paste(
      '=== /sys/bus/pci/devices ===',
      '0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0',
      '0000:00:02.0 vendor=8086 device=4680 class=030000 driver=i915 boot_vga=1',
      '=== dmesg ===',
      '[    5.1] amdgpu 0000:03:00.0: amdgpu: Fetched VBIOS from VFCT',
    );
    const f = parseSources([{ source: 'pasted text', text }]);
    if (f.pciComplete) expect(f.pci.some((d) => d.bdf === '0000:03:00.0')).toBe(false);
  });
});

describe('VM definitions and commands naming a device', () => {
  it.each([
    ['qemu-system-x86_64 -machine q35 -device vfio-pci,host=01:00.0,multifunction=on -device vfio-pci,host=01:00.1', ['0000:01:00.0', '0000:01:00.1']],
    ['-device \'{"driver":"vfio-pci","host":"0000:0a:00.0","id":"hostdev0","bus":"pci.4","addr":"0x0"}\'', ['0000:0a:00.0']],
    ['-device vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:65:00.0', ['0000:65:00.0']],
    ["<hostdev mode='subsystem' type='pci' managed='yes'>\n  <source>\n    <address domain='0x0000' bus='0x0b' slot='0x00' function='0x0'/>\n  </source>\n</hostdev>", ['0000:0b:00.0']],
    ['hostpci0: 0000:2d:00,pcie=1\nhostpci1: 2e:00.0', ['0000:2d:00.0', '0000:2e:00.0']],
    ['virsh nodedev-detach pci_0000_02_00_0\nVIRSH_GPU_AUDIO=pci_0000_02_00_1', ['0000:02:00.0']],
    ['virsh nodedev-dumpxml pci_0000_02_00_0\n<address domain=\'0x0000\' bus=\'0x01\' slot=\'0x00\' function=\'0x0\'/>', []],
  ])('%s', (text, want) => {
    expect(vmDevicesIn([{ source: 'pasted text', text }]).map((d) => d.bdf)).toEqual(want);
  });

  it('points evidence at the line in the input', () => {
    const [d] = vmDevicesIn([{ source: 'qm config 100', text: 'boot: order=scsi0\ncores: 8\nhostpci0: 0000:2d:00,pcie=1\n' }]);
    expect(d?.evidence).toEqual({ source: 'qm config 100', line: 3, text: 'hostpci0: 0000:2d:00,pcie=1' });
  });
});

describe('the command line on a per-candidate report', () => {
  it('fix FIX-ID asks which GPU when the plan differs per candidate, and gives it with --gpu', async () => {
    const { cli } = await import('../cli-helpers');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'vd-multi-')), 'paste.txt');
    writeFileSync(file, host(CMDLINE));
    const ask = await cli(['fix', 'gpu-bound-to-host-driver/ids/grub', '--bundle', file]);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/depends on which GPU you pass; add --gpu 01:00\.0 or --gpu 04:00\.0/);
    const one = await cli(['fix', 'gpu-bound-to-host-driver/ids/grub', '--bundle', file, '--gpu', '04:00.0']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('vfio-pci.ids=1002:73bf,1002:ab28');
  });
});
