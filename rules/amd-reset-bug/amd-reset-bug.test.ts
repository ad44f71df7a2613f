// Table-driven tests for amd-reset-bug (H1): vendor-reset families by device ID, log symptoms, vendor-reset in place.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { runRule, paste, fixture, ruleCases } from '../../test/harness';
import { resetFamilyOf, VENDOR_RESET_FAMILIES } from './vendor-reset-devices';

const sys = (...lines: string[]) => paste('=== /sys/bus/pci/devices ===', '0000:00:02.0 vendor=8086 device=3e92 class=030000 driver=i915 boot_vga=1', ...lines);

const cases: { name: string; text: string; gpus?: string[]; expect: { id: string; data: Record<string, unknown> } | 'none' | RegExp }[] = [
  { name: 'RX 580 with restoring-BARs and FLR timeout lines (fixture)', text: fixture('rules/amd-reset-bug/fires.txt'), expect: { id: 'card', data: { device: expect.stringMatching(/^0c:00\.0 /), family: { family: 'Polaris 10' }, symptoms: true } } },
  { name: 'Vega 64 on vfio-pci, no vendor-reset', text: sys('0000:0b:00.0 vendor=1002 device=687f class=030000 driver=vfio-pci boot_vga=0 reset_method=bus'), expect: { id: 'card', data: { family: { family: 'Vega 10', cards: expect.stringContaining('Vega 56/64/FE') }, symptoms: false } } },
  { name: 'RX 5700 XT (Navi 10)', text: sys('0000:0b:00.0 vendor=1002 device=731f class=030000 driver=vfio-pci boot_vga=0'), expect: { id: 'card', data: { family: { family: 'Navi 10' } } } },
  {
    name: 'vendor-reset loaded but reset_method not device_specific',
    text: paste('$ lsmod', 'Module                  Size  Used by', 'vendor_reset          102400  0', 'vfio_pci               16384  0') + sys('0000:0b:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0 reset_method=bus'),
    expect: { id: 'card', data: { methods: ['bus'] } },
  },
  { name: 'a single restoring-BARs line', text: paste('[  812.557161] vfio-pci 0000:0c:00.0: vfio_bar_restore: reset recovery - restoring BARs'), expect: { id: 'restoringBars', data: { bdf: '0c:00.0' } } },
  { name: 'old wording without prefix', text: paste('[ 1021.100200] vfio_bar_restore: 0000:05:00.0 reset recovery - restoring bars'), expect: { id: 'restoringBars', data: { bdf: '05:00.0' } } },
  {
    name: "vendor-reset's own failure: AMD_POLARIS10: failed to reset device",
    text: sys('0000:0b:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0') + paste('$ sudo dmesg | grep 0b:00', '[  320.118101] vfio-pci 0000:0b:00.0: AMD_POLARIS10: version 1.1', '[  320.118105] vfio-pci 0000:0b:00.0: AMD_POLARIS10: performing reset', '[  320.620772] vfio-pci 0000:0b:00.0: AMD_POLARIS10: failed to reset device', '[  320.620790] vfio-pci 0000:0b:00.0: AMD_POLARIS10: reset result = -110'),
    expect: { id: 'card', data: { family: { family: 'Polaris 10' }, symptoms: true } },
  },
  // Must not fire.
  {
    name: 'vendor-reset reset the card (reset result = 0) and nothing failed since',
    text: sys('0000:0b:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0 reset_method=bus') + paste('$ sudo dmesg | grep -e vendor_reset -e AMD_', '[    4.201633] vendor_reset_hook: installed', '[  320.118101] vfio-pci 0000:0b:00.0: AMD_POLARIS10: version 1.1', '[  320.118105] vfio-pci 0000:0b:00.0: AMD_POLARIS10: performing reset', '[  320.620790] vfio-pci 0000:0b:00.0: AMD_POLARIS10: reset result = 0'),
    expect: 'none',
  },
  { name: 'RX 6800 XT (Navi 21) resets fine (fixture)', text: fixture('rules/amd-reset-bug/clean.txt'), expect: 'none' },
  { name: 'NVIDIA card', text: sys('0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0'), expect: 'none' },
  {
    name: 'Polaris handled: vendor-reset loaded and reset_method=device_specific',
    text: paste('$ lsmod', 'Module                  Size  Used by', 'vendor_reset          102400  0') + sys('0000:0b:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0 reset_method=device_specific,bus'),
    expect: 'none',
  },
  // Unable.
  { name: 'no GPU', text: paste('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet'), expect: /no GPU/ },
];

describe('amd-reset-bug', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(r.messages[0]).toMatchObject({ messageId: expected.id, data: expected.data });
    expect(f.fixes[0]!.id).toBe('amd-reset-bug/vendor-reset');
  });

  // vendor-reset's family resets failing (navi10.c, vega20.c, polaris10.c) and the kernel refusing reset_method
  // "device_specific" (pci.c reset_method_store): findings whose fix depends on what the paste cannot tell.
  const more: { name: string; text: string; gpus?: string[]; expect: { id: string; data: Record<string, unknown>; fix: boolean } | 'none' | RegExp }[] = [
    {
      name: 'Navi 10 PSP mode-1 reset not acknowledged, no device list: the tag names the family',
      text: paste('[  179.163437] vfio-pci 0000:28:00.0: AMD_NAVI10: version 1.1', '[  179.163522] vfio-pci 0000:28:00.0: AMD_NAVI10: performing reset', '[  179.500498] vfio-pci 0000:28:00.0: AMD_NAVI10: begin psp mode 1 reset', '[  180.491442] vfio-pci 0000:28:00.0: AMD_NAVI10: PSP did not acknowledger reset'),
      gpus: ['28:00.0'],
      expect: { id: 'vendorResetFailed', data: { bdf: '28:00.0', family: { family: 'Navi 10' }, tag: 'AMD_NAVI10', said: 'PSP did not acknowledger reset' }, fix: false },
    },
    {
      name: 'Navi 14 PSP bootloader timeout (journalctl), no --gpu',
      text: paste('Mar 02 10:11:12 host kernel: vfio-pci 0000:0a:00.0: AMD_NAVI14: timed out waiting for PSP bootloader to respond after reset'),
      expect: { id: 'vendorResetFailed', data: { family: { family: 'Navi 14', cards: expect.stringContaining('RX 5300') } }, fix: false },
    },
    { name: 'Radeon VII: exit BACO failed', text: paste('[ 99.1] vfio-pci 0000:0c:00.0: AMD_VEGA20: exit BACO failed'), expect: { id: 'vendorResetFailed', data: { family: { family: 'Vega 20', cards: expect.stringContaining('Radeon VII, Instinct MI100') }, said: 'exit BACO failed' }, fix: false } },
    { name: 'Polaris: Failed to enter BACO: -110', text: paste('[ 99.1] vfio-pci 0000:0c:00.0: AMD_POLARIS10: Failed to enter BACO: -110'), expect: { id: 'vendorResetFailed', data: { family: { family: 'Polaris 10' }, said: 'Failed to enter BACO: -110' }, fix: false } },
    {
      name: 'device_specific refused, card unknown: both causes named',
      text: paste('vfio-pci 0000:03:00.0: Unsupported reset method \'device_specific\''),
      gpus: ['03:00.0'],
      expect: { id: 'deviceSpecificRefused', data: { bdf: '03:00.0' }, fix: false },
    },
    {
      name: 'device_specific refused for a Navi 32 (RX 7800 XT): not in vendor-reset’s table',
      text: sys('0000:03:00.0 vendor=1002 device=747e class=030000 driver=vfio-pci boot_vga=0') + paste('$ sudo dmesg', '[   12.500000] pci 0000:03:00.0: Unsupported reset method \'device_specific\''),
      expect: { id: 'card', data: { family: undefined, refused: true }, fix: false },
    },
    {
      name: 'device_specific refused for an RX 580: vendor-reset was not loaded',
      text: sys('0000:0b:00.0 vendor=1002 device=67df class=030000 driver=vfio-pci boot_vga=0') + paste('$ sudo dmesg', '[    3.100000] vfio-pci 0000:0b:00.0: Unsupported reset method \'device_specific\''),
      expect: { id: 'card', data: { family: { family: 'Polaris 10' }, refused: true }, fix: true },
    },
    // Must not fire.
    { name: 'device_specific refused for an NVIDIA card', text: sys('0000:01:00.0 vendor=10de device=2204 class=030000 driver=vfio-pci boot_vga=0') + paste('vfio-pci 0000:01:00.0: Unsupported reset method \'device_specific\''), expect: 'none' },
    {
      name: 'a tagged card of unknown ID that vendor-reset reset (result 0): handled',
      text: paste('$ sudo dmesg | grep 28:00', '[  9.100000] vfio-pci 0000:28:00.0: AMD_NAVI10: performing reset', '[  9.900000] vfio-pci 0000:28:00.0: AMD_NAVI10: reset result = 0'),
      gpus: ['28:00.0'],
      expect: 'none',
    },
    {
      name: 'a PSP warning the reset continues past, then reset result = 0',
      text: sys('0000:28:00.0 vendor=1002 device=731f class=030000 driver=vfio-pci boot_vga=0 reset_method=device_specific') + paste('$ sudo dmesg', '[    1.000000] vendor_reset_hook: installed', '[    9.100000] vfio-pci 0000:28:00.0: AMD_NAVI10: timed out waiting for PSP to reach valid state, but continuing anyway', '[    9.900000] vfio-pci 0000:28:00.0: AMD_NAVI10: reset result = 0'),
      expect: 'none',
    },
  ];
  ruleCases(rule, more, (r, expected) => {
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(r.messages[0]).toMatchObject({ messageId: expected.id, data: expected.data });
    expect(f.fixes.length > 0).toBe(expected.fix);
    expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('the fixture fix installs vendor-reset, loads it early and sets reset_method for 1002:67df', () => {
    const f = runRule(rule, fixture('rules/amd-reset-bug/fires.txt')).findings[0]!;
    const text = JSON.stringify(f.fixes[0]!.steps);
    expect(text).toContain('/etc/modules-load.d/vendor-reset.conf');
    expect(text).toContain('ATTR{device}==\\"0x67df\\"');
    expect(text).toContain('device_specific');
    expect(f.evidence.map((e) => e.text).join('\n')).toMatch(/restoring BARs[\s\S]*giving up/);
  });

  it('the family table matches vendor-reset (unique IDs, lower-case hex)', () => {
    const ids = VENDOR_RESET_FAMILIES.flatMap((f) => f.ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((i) => /^[0-9a-f]{4}$/.test(i))).toBe(true);
    expect(resetFamilyOf('67DF')?.family).toBe('Polaris 10');
    expect(resetFamilyOf('73bf')).toBeUndefined();
    // The Rembrandt 680M is not in upstream's device-db.h (only a copy elsewhere lists it): no vendor-reset advice for it.
    expect(resetFamilyOf('1681')).toBeUndefined();
    expect(ids, 'the 67 entries of upstream device-db.h').toHaveLength(67);
  });
});
