// Table-driven tests for bootfb-bar-conflict (F1): BAR messages, /proc/iomem framebuffers, the fix per kernel and build.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import type { Fix } from '../../src/schema/fix';

const ops = (fix: Fix) => JSON.stringify(fix.steps.filter((s) => s.kind === 'edit' || s.kind === 'command'));

type Fires = { severity: 'error'; data: Record<string, unknown>; fix: RegExp; adds?: string };
const cases: { name: string; text: string; gpus?: string[]; expect: Fires | 'none' | RegExp }[] = [
  {
    name: 'Proxmox 7.2 (5.15) with video=efifb:off and BOOTFB in the BAR (fixture)',
    text: fixture('rules/bootfb-bar-conflict/fires.txt'),
    expect: { severity: 'error', data: { device: expect.stringMatching(/^01:00\.0/), owner: 'BOOTFB', why: { kind: 'sysfb', simple: true }, video: 'efifb:off', kernel: { at6: false } }, fix: /^bootfb-bar-conflict\/grub$/, adds: 'initcall_blacklist=sysfb_init' },
  },
  {
    name: 'a single BAR line, nothing else',
    text: paste("vfio-pci 0000:01:00.0: BAR 1: can't reserve [mem 0xe0000000-0xefffffff 64bit pref]"),
    expect: { severity: 'error', data: { device: expect.stringMatching(/^01:00\.0 /), busyOnly: false, reserveFailed: true, why: { kind: 'sysfb', simple: false } }, fix: /^bootfb-bar-conflict\//, adds: 'initcall_blacklist=sysfb_init' },
  },
  {
    name: 'journalctl line with host prefix',
    text: paste("Mar 02 18:21:44 archbox kernel: vfio-pci 0000:0b:00.0: BAR 0: can't reserve [mem 0xf6000000-0xf6ffffff]"),
    expect: { severity: 'error', data: { device: expect.stringMatching(/^0b:00\.0 /) }, fix: /^bootfb-bar-conflict\//, adds: 'initcall_blacklist=sysfb_init' },
  },
  {
    name: 'efifb kernel (SYSFB_SIMPLEFB=n): video=efifb:off',
    text: paste(
      '$ uname -r', '5.10.0-23-amd64',
      '$ grep -e SYSFB -e FB_EFI /boot/config-5.10.0-23-amd64', '# CONFIG_SYSFB_SIMPLEFB is not set', 'CONFIG_FB_EFI=y',
      '$ sudo dmesg',
      '[    0.912345] efifb: framebuffer at 0xe0000000, using 8128k, total 8128k',
      "[   88.100201] vfio-pci 0000:01:00.0: BAR 1: can't reserve [mem 0xe0000000-0xefffffff 64bit pref]",
    ),
    expect: { severity: 'error', data: { why: { kind: 'video', fb: 'efifb' }, kernel: { release: '5.10.0-23-amd64', at6: false } }, fix: /^bootfb-bar-conflict\//, adds: 'video=efifb:off' },
  },
  {
    name: 'kernel 6.8, card still on nouveau: bind at boot first',
    text: paste(
      '$ uname -r', '6.8.0-45-generic',
      '$ lspci -nnk',
      '00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)',
      '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)',
      '\tKernel driver in use: nouveau',
      '01:00.1 Audio device [0403]: NVIDIA Corporation GA104 High Definition Audio Controller [10de:228b] (rev a1)',
      '\tKernel driver in use: snd_hda_intel',
      '$ sudo cat /proc/iomem | grep -A1 01:00.0',
      '    6000000000-63ffffffff : 0000:01:00.0',
      '      6000000000-60007e8fff : BOOTFB',
    ),
    expect: { severity: 'error', data: { kernel: { release: '6.8.0-45-generic', at6: true, boundAtBoot: false } }, fix: /^bootfb-bar-conflict\/bind\/ids/ },
  },
  // Must not fire.
  { name: 'working host: BOOTFB on the iGPU, vfio-pci in the RX 6800 BAR (fixture)', text: fixture('rules/bootfb-bar-conflict/clean.txt'), expect: 'none' },
  { name: 'efifb line on its own is normal boot output', text: paste('[    0.912345] efifb: framebuffer at 0xe0000000, using 8128k, total 8128k'), expect: 'none' },
  {
    name: 'BOOTFB inside the host GPU (not a passthrough card)',
    text: paste('$ sudo cat /proc/iomem', '  4000000000-400fffffff : 0000:00:02.0', '    4000000000-40007e8fff : BOOTFB'),
    expect: 'none',
  },
  // Unable.
  { name: 'only a command line', text: paste('BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet intel_iommu=on'), expect: /^neither kernel log nor \/proc\/iomem was given/ },
];

describe('bootfb-bar-conflict', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe(expected.severity);
    expect(r.messages[0]).toMatchObject({ messageId: 'conflict', data: expected.data });
    expect(f.fixes[0]!.id).toMatch(expected.fix);
    if (expected.adds) expect(ops(f.fixes[0]!)).toContain(expected.adds);
    expect(f.evidence.length).toBeGreaterThan(0);
  });

  // cloud-hypervisor's word for the fault (pci/src/vfio.rs map_mmio_regions): the BAR mmap refused with EBUSY.
  const CH = 'cloud-hypervisor: 13.656158892s: <vmm> ERROR:pci/src/vfio.rs:1372 -- Could not mmap sparse area (offset = 0x0, size = 0x10000000): Device or resource busy (os error 16)';
  const lspciK = (...lines: string[]) => paste('$ lspci -nnk', ...lines);
  it('cloud-hypervisor EBUSY with the one vfio-pci GPU: that card, and its framebuffer modules as a hint', () => {
    const text = paste(CH) + lspciK('65:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU104GL [Quadro RTX 4000] [10de:1eb1] (rev a1)', '\tKernel driver in use: vfio-pci', '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia');
    const r = runRule(rule, text);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.devices).toEqual(['0000:65:00.0']);
    expect(r.messages[0]).toMatchObject({ messageId: 'conflict', data: { busyOnly: true, fbModules: ['nvidiafb'] } });
    expect(f.evidence.map((e) => e.text).join('\n')).toContain('Could not mmap sparse area');
    expect(f.fixes.length).toBeGreaterThan(0);
  });
  it('cloud-hypervisor EBUSY beside the kernel’s own BAR line: one finding for the card, both quoted', () => {
    const text = paste('$ sudo dmesg', "[   80.100000] vfio-pci 0000:01:00.0: BAR 1: can't reserve [mem 0xe0000000-0xefffffff 64bit pref]", CH);
    const r = runRule(rule, text, { gpus: ['01:00.0'] });
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ messageId: 'conflict', data: { busyOnly: false, owner: undefined, reserveFailed: true } });
    expect(r.findings[0]!.evidence).toHaveLength(2);
  });
  it('cloud-hypervisor EBUSY with no card to tie it to: a finding that says what to paste', () => {
    const r = runRule(rule, paste(CH));
    expect(r.findings).toHaveLength(1);
    expect(r.messages[0]).toEqual({ messageId: 'unplacedBusy', data: undefined });
    expect(r.findings[0]!.devices ?? []).toEqual([]);
  });
  it('another mmap error of cloud-hypervisor is not this', () => {
    const r = runRule(rule, paste('cloud-hypervisor: 1.0s: <vmm> ERROR:pci/src/vfio.rs:1372 -- Could not mmap sparse area (offset = 0x0, size = 0x1000): Invalid argument (os error 22)'));
    expect(r.findings).toEqual([]);
  });

  it('the fixture fix removes the useless video=efifb:off', () => {
    const f = runRule(rule, fixture('rules/bootfb-bar-conflict/fires.txt')).findings[0]!;
    expect(JSON.stringify(f.fixes[0]!.steps)).toMatch(/"remove":\["video=efifb:off"\]/);
    expect(f.evidence.map((e) => e.text).join('\n')).toMatch(/BOOTFB[\s\S]*can't reserve|can't reserve[\s\S]*BOOTFB/);
  });
});
