// Property-style checks: random slices, splices, truncations and bytes never make parsing throw or hang.
import { describe, expect, it } from 'vitest';
import { parseSources } from '../../src/facts/from-sources';
import { PARSERS } from '../../src/parse/registry';
import { sniff } from '../../src/parse/detect';
import { FactsBuilder } from '../../src/facts/builder';
import { Facts } from '../../src/schema/facts';
import type { SourceKind } from '../../src/parse/parser';
import { rng } from '../harness';


const SAMPLE = [
  '# vfio-doctor support bundle v1 · host · 2026-11-25T12:00:00.000Z',
  '=== host ===',
  'iommu_class=dmar0,dmar1',
  'mtime:/etc/default/grub=1795613818560',
  '=== /sys/bus/pci/devices ===',
  '0000:01:00.0 vendor=10de device=2204 class=030000 subsystem=1043:87b3 driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=17 reset_method=flr,bus name="GA102 [GeForce RTX 3090]"',
  '==> /proc/cmdline <==',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=x ro quiet splash intel_iommu=on iommu=pt vfio-pci.ids=10de:2204,10de:1aef vfio_pci.ids=10de:1aef',
  '[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP',
  '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic ro "dyndbg=file x.c +p"',
  '[Mon Nov 25 13:03:11 2026] DMAR: IOMMU enabled',
  'kern  :info  : [    0.536462] pci 0000:01:00.0: Adding to iommu group 17',
  'Nov 25 13:03:11 host kernel: AMD-Vi: Unknown option - \'on\'',
  'Nov 25 13:03:11 fedora systemd-modules-load[312]: Failed to find module \'vfio_virqfd\'',
  '2026-11-25T13:03:11+0100 host kernel: vfio_pci: add [10de:2204[ffffffff:ffffffff]] class 0x000000/00000000',
  "vfio-pci 0000:01:00.0: BAR 1: can't reserve [mem 0xe0000000-0xefffffff 64bit pref]",
  '-- Boot 4c5d3e2f1a0b49c8a7e6d5c4b3a29180 --',
  'user@host:~$ lspci -nnk | grep -A3 -i nvidia',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1) (prog-if 00 [VGA controller])',
  '\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]',
  '\tFlags: bus master, fast devsel, latency 0, IRQ 16, IOMMU group 17',
  '\tKernel driver in use: vfio-pci',
  '\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia',
  '--',
  '0b:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller',
  'IOMMU Group 17 01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)',
  'IOMMU Group 16:',
  '    00:1f.0 ISA bridge [0601]: Intel Corporation Raptor Lake LPC/eSPI Controller [8086:7a04] (rev 11)',
  'Group 15:\t[10de:21c4] [R] 09:00.0 VGA compatible controller: NVIDIA Corporation TU116 [GeForce GTX 1660 SUPER] (rev a1)',
  '/sys/kernel/iommu_groups/17/devices/0000:01:00.0',
  '$ ls /sys/kernel/iommu_groups/',
  '0  1  10  11  12',
  "ls: cannot access '/sys/kernel/iommu_groups/': No such file or directory",
  '/sys/kernel/iommu_groups/16/devices/:',
  '0000:00:1f.0  0000:00:1f.3',
  '[user@fedora ~]$ cat /etc/default/grub',
  'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash ${GRUB_CMDLINE_LINUX_DEFAULT} intel_iommu=on" # vfio',
  "GRUB_GFXMODE='1920x1080",
  'root@pve:~# cat /etc/modprobe.d/vfio.conf',
  'options vfio-pci ids=10de:2204,10de:1aef disable_vga=1',
  'softdep nvidia pre: vfio-pci',
  'install vfio-pci /usr/local/bin/override.sh \\',
  '$ lsmod',
  'Module                  Size  Used by',
  'vfio_pci               16384  0',
  'vfio_pci_core 94208 1 vfio_pci, Live 0xffffffffc0a5c000',
  'kernel/drivers/vfio/pci/vfio-pci.ko',
  'Linux pve 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64 GNU/Linux',
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
  'ID_LIKE=debian',
  'vendor_id\t: AuthenticAMD',
  'Flags:                fpu vme de pse tsc msr pae mce cx8 apic svm',
  'CONFIG_VFIO_PCI=y',
  '# CONFIG_VFIO_NOIOMMU is not set',
  'qemu-system-x86_64: -device vfio-pci,host=0000:01:00.0: vfio 0000:01:00.0: group 1 is not viable',
  'Please ensure all devices within the iommu_group are bound to their vfio bus driver.',
  "error: internal error: Unknown PCI header type '127' for device '0000:01:00.0'",
  "==> ERROR: module not found: 'vfio_virqfd'",
  "dracut-install: Failed to find module 'vfio_virqfd'",
  '```',
  '> > quoted line',
  '\x1b[1;31mred\x1b[0m',
  'Any ideas? Thanks!',
  // Prose the mention, stated-parameter and paraphrase readers take (src/parse/prose-*.ts).
  '`dmesg` reports that KVM is disabled by my bios, which would make sense. AMD CPU btw.',
  'With vfio-pci.ids=1002:67df,1002:aaf0 secondary GPU should not be activated.',
  "put iommu=on, amd_iommu=on on kernel line using this pattern kernelstub -a 'iommu=on'",
  'adding `blacklist amdgpu` to the file does not actually blacklist amdgpu but it requires `sudo update-initramfs -u` for the changes to be applied.',
  'putting vfio-pci in /sys/bus/pci/devices/0000:28:00.0/driver_override fails on my Dell XPS 15 laptop (muxless, Optimus) with booster images',
  '',
];

const NOISE = ['\x00', '\x1b', '\x1b[', '\r', '\t', '"', "'", '\\', '=', ':', '[', ']', '$ ', '# ', '> ', '--', '```', '\u00a0', '\u200b', '\ufeff', 'é', '🙂', '\ud800', '0000:', '01:00.', '[    0.', 'IOMMU Group ', '${', '`'];

function mutate(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 25);
  for (let i = 0; i < n; i++) {
    let line = pick(SAMPLE);
    const op = r();
    if (op < 0.2) line = line.slice(0, Math.floor(r() * (line.length + 1))); // cut mid-line
    else if (op < 0.35) {
      const other = pick(SAMPLE);
      line = line.slice(0, Math.floor(r() * line.length)) + other.slice(Math.floor(r() * other.length)); // splice two lines
    } else if (op < 0.5) {
      const at = Math.floor(r() * (line.length + 1));
      line = line.slice(0, at) + pick(NOISE) + line.slice(at);
    } else if (op < 0.55) {
      line = Array.from({ length: 1 + Math.floor(r() * 40) }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join(''); // random characters
    }
    out.push(line);
  }
  const sep = pick(['\n', '\r\n', '\r', '\n\n']);
  return out.join(sep) + (r() < 0.5 ? sep : '');
}

const KINDS = Object.keys(PARSERS) as Exclude<SourceKind, 'auto'>[];

describe('random pastes', () => {
  it('parseSources never throws and always gives valid facts (400 inputs)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const text = mutate(r);
      const kind: SourceKind = r() < 0.7 ? 'auto' : KINDS[Math.floor(r() * KINDS.length)]!;
      let f;
      try {
        f = parseSources([{ source: r() < 0.5 ? 'pasted text' : '/proc/cmdline', kind, text }]);
      } catch (e) {
        throw new Error(`seed ${seed} (${kind}) threw ${String(e)} on ${JSON.stringify(text)}`);
      }
      expect(typeof f.unparsed.count, `seed ${seed}`).toBe('number');
      expect(Number.isInteger(f.unparsed.count)).toBe(true);
      const nonBlank = text.split(/\r\n|\r|\n/).filter((l) => l.trim()).length;
      expect(f.unparsed.count, `seed ${seed}`).toBeLessThanOrEqual(nonBlank);
      const valid = Facts.safeParse(f);
      expect(valid.success, `seed ${seed}: ${valid.success ? '' : valid.error.message}`).toBe(true);
    }
  });

  it('no parser throws on its own, even on lines of other kinds (bypassing the safety net)', () => {
    for (let seed = 1000; seed < 1300; seed++) {
      const r = rng(seed);
      const text = mutate(r);
      const lines = text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, no: i + 1, source: 'fuzz' }));
      for (const kind of KINDS) {
        const b = new FactsBuilder();
        let bad;
        try {
          bad = PARSERS[kind].parse(lines, b, r() < 0.5 ? undefined : 'dmesg | grep vfio');
          b.finish();
        } catch (e) {
          throw new Error(`parser ${kind}, seed ${seed} threw ${String(e)} on ${JSON.stringify(text)}`);
        }
        expect(Array.isArray(bad)).toBe(true);
        // "keep what you cannot read": bad lines are input lines, never invented
        for (const l of bad) expect(lines).toContain(l);
      }
    }
  }, 120_000); // 300 seeds × every parser: a correctness property, not a timing one; slow only on a loaded machine

  it('sniff keeps every line: each non-blank input line is in a block, unparsed, or structure', () => {
    for (let seed = 2000; seed < 2200; seed++) {
      const text = mutate(rng(seed));
      const s = sniff(text, 'pasted text');
      const inBlocks = s.blocks.reduce((n, b) => n + b.lines.filter((l) => l.text.trim()).length, 0);
      const nonBlank = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/).filter((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]|\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/^(?:\s{0,3}>+(?: |$))+/, '').trim()).length;
      expect(inBlocks + s.unparsed.length + s.structural, `seed ${seed}`).toBeGreaterThanOrEqual(nonBlank);
    }
  });
});

describe('pathological lines finish quickly', () => {
  const long = (unit: string, n = 20000) => unit.repeat(n);
  it.each<[string, string]>([
    ['spaces after a group header', 'IOMMU Group 1' + long(' ') + 'x'],
    ['many key=value pairs', '0000:01:00.0' + long(' a=b', 5000) + ' "'],
    ['many tokens on a command line', 'intel_iommu=on' + long(' a=b', 10000) + ' "x'],
    ['a huge lspci header', '01:00.0 ' + long('VGA [0300]: ', 3000)],
    ['colons everywhere', long('a: ', 10000)],
    ['brackets everywhere', '[' + long('    0.0', 5000)],
    ['a prompt-like line', long('a', 30000) + '@' + long('b', 30000)],
    ['ansi soup', long('\x1b[1;31m', 10000)],
    ['a cpuinfo flags line', 'flags\t\t: ' + long('avx512f ', 5000)],
    ['quotes', 'GRUB_CMDLINE_LINUX="' + long('\\"', 20000)],
    ['a paraphrase that never ends', 'dmesg says that ' + long('kvm disabled by ', 3000)],
    ['parameters in a sentence', 'With ' + long('vfio-pci.ids=1002:67df, ', 3000) + '?'],
    ['a blacklist paragraph', long('blacklist amdgpu does not work but update-initramfs -u is required. ', 600)],
    ['driver_override paths', long('/sys/bus/pci/devices/0000:28:00.0/driver_override vfio-pci ', 800)],
  ])('%s', (_n, line) => {
    const t0 = performance.now();
    const f = parseSources([{ source: 'pasted text', text: line + '\n' + line + '\n' }]);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(typeof f.unparsed.count).toBe('number');
  });
});
