// kvm-unavailable: table-driven cases of realistic pastes (fires, stays quiet, cannot check), run through the rule alone.
import { describe, it, expect } from 'vitest';
import { rule } from './index';
import { paste, ruleCases, runRule } from '../../test/harness';

const INTEL_CPU = ['=== /proc/cpuinfo ===', 'processor\t: 0', 'vendor_id\t: GenuineIntel', 'model name\t: 12th Gen Intel(R) Core(TM) i9-12900KF', 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep vmx smx est tm2 ssse3 ept vpid'];
const AMD_CPU = ['=== /proc/cpuinfo ===', 'processor\t: 0', 'vendor_id\t: AuthenticAMD', 'model name\t: AMD Ryzen 9 5950X 16-Core Processor', 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep svm extapic npt nrip_save'];
const MODULES_NO_KVM = ['=== /proc/modules ===', 'snd_hda_intel 61440 2 - Live 0x0000000000000000', 'nvidia_drm 98304 4 - Live 0x0000000000000000'];
const MODULES_KVM_INTEL = ['=== /proc/modules ===', 'kvm_intel 487424 0 - Live 0x0000000000000000', 'kvm 1409024 1 kvm_intel, Live 0x0000000000000000'];

// evidence: the line that proves /dev/kvm is missing (collected: the probe itself).
type Expect = { severity: 'error'; data: { seen: string; filters?: string[]; failedModule?: string }; module: string; evidence?: { source: string; text: string } }[] | RegExp;

const cases: { name: string; text: string; expect: Expect }[] = [
  {
    name: 'collected: /dev/kvm absent on an Intel host, no kvm_intel loaded',
    text: paste('=== host ===', 'dev_kvm=absent', 'systemd_detect_virt=none', ...INTEL_CPU, ...MODULES_NO_KVM),
    expect: [{ severity: 'error', data: { seen: 'modules' }, module: 'kvm_intel' }],
  },
  {
    name: 'collected: /dev/kvm absent on an AMD host loads kvm_amd',
    text: paste('=== host ===', 'dev_kvm=absent', ...AMD_CPU, ...MODULES_NO_KVM),
    expect: [{ severity: 'error', data: { seen: 'modules' }, module: 'kvm_amd' }],
  },
  {
    name: 'collected: /dev/kvm absent, modules unknown',
    text: paste('=== host ===', 'dev_kvm=absent', ...INTEL_CPU),
    expect: [{ severity: 'error', data: { seen: 'none' }, module: 'kvm_intel' }],
  },
  {
    name: 'collected without a /dev/kvm answer, and /proc/modules has no kvm module',
    text: paste('=== host ===', 'systemd_detect_virt=none', ...INTEL_CPU, ...MODULES_NO_KVM),
    expect: [{ severity: 'error', data: { seen: 'modules' }, module: 'kvm_intel' }],
  },
  // Must not fire.
  { name: 'collected: /dev/kvm present', text: paste('=== host ===', 'dev_kvm=present', ...INTEL_CPU, ...MODULES_KVM_INTEL), expect: [] },
  { name: 'collected: /dev/kvm present even though /proc/modules lists no kvm (built in)', text: paste('=== host ===', 'dev_kvm=present', ...INTEL_CPU, ...MODULES_NO_KVM), expect: [] },
  { name: 'collected without a /dev/kvm answer, kvm_intel loaded', text: paste('=== host ===', 'systemd_detect_virt=none', ...INTEL_CPU, ...MODULES_KVM_INTEL), expect: [] },
  // Unknown is not false: /dev/kvm is a live-only fact; a paste cannot say it is missing.
  // github.com/QaidVoid/Complete-Single-GPU-Passthrough/issues/19: after a BIOS update SVM was off.
  {
    name: '`lsmod | grep kvm` lists kvm without kvm_amd or kvm_intel: the grep would have shown them, so /dev/kvm is missing',
    text: paste('`lsmod | grep kvm` outputs this:', '```', 'kvm                  1105920  0', 'irqbypass              16384  1 kvm', '```'),
    expect: [{ severity: 'error', data: { seen: 'grep', filters: ['kvm'] }, module: 'kvm_intel', evidence: { source: 'lsmod | grep kvm', text: 'irqbypass, kvm (no kvm_intel, no kvm_amd)' } }],
  },
  { name: '`lsmod | grep vfio` says nothing about kvm', text: paste('$ lsmod | grep vfio', 'vfio_pci               16384  0', 'kvm                  1105920  0'), expect: /\/dev\/kvm exists is unknown/ },
  { name: 'a pasted lsmod without kvm proves nothing about /dev/kvm', text: paste('$ lsmod | grep vfio', 'vfio_pci               16384  0', 'vfio_pci_core          94208  1 vfio_pci', 'vfio                   69632  3 vfio_pci_core,vfio_iommu_type1,vfio_pci'), expect: /\/dev\/kvm exists is unknown/ },
  { name: 'only a command line', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e-4f7b-4c55-8b1e-2f1a3c5d6e7f ro quiet intel_iommu=on'), expect: /\/dev\/kvm exists is unknown/ },
];

describe('kvm-unavailable', () => {
  ruleCases(rule, cases, (r, expected) => {
    expect(r.findings.map((f) => f.severity)).toEqual(expected.map((e) => e.severity));
    expected.forEach((e, i) => {
      const f = r.findings[i]!;
      expect(f.rootCause).toBeUndefined();
      expect(r.messages[i]).toMatchObject({ messageId: 'missing', data: e.data });
      if (!e.data.failedModule) expect((r.messages[i]!.data as { failedModule?: string }).failedModule).toBeUndefined();
      expect(f.evidence).toContainEqual(e.evidence ?? { source: '/dev/kvm', text: '(missing)' });
      const fix = f.fixes[0]!;
      expect(fix.id).toBe('kvm-unavailable/modprobe');
      expect(fix.recommended).toBe(true);
      const cmd = fix.steps.find((s) => s.kind === 'command');
      expect(cmd && cmd.kind === 'command' && cmd.argv).toEqual(['modprobe', e.module]);
      const edit = fix.steps.find((s) => s.kind === 'edit');
      expect(edit && edit.kind === 'edit' && edit.path).toBe('/etc/modules-load.d/kvm.conf');
      expect(edit && edit.kind === 'edit' && edit.diff).toBe(`+${e.module}`);
    });
  });
});

const VHV_HEALTHY = [
  '$ virt-host-validate qemu',
  '  QEMU: Checking for hardware virtualization                                 : PASS',
  '  QEMU: Checking if device /dev/kvm exists                                   : PASS',
  '  QEMU: Checking if device /dev/kvm is accessible                            : PASS',
  '  QEMU: Checking if device /dev/vhost-net exists                             : PASS',
  "  QEMU: Checking for cgroup 'memory' controller support                      : PASS",
  '  QEMU: Checking for device assignment IOMMU support                         : PASS',
  '  QEMU: Checking if IOMMU is enabled by kernel                               : PASS',
  '  QEMU: Checking for secure guest support                                    : WARN (Unknown if this platform has Secure Guest support)',
];

// Other layers' words for a missing /dev/kvm (README: Messages matched): each alone is enough, and is the evidence.
describe('kvm-unavailable: other layers say /dev/kvm is missing', () => {
  const said: [string, string][] = [
    ['Proxmox task log', 'TASK ERROR: KVM virtualisation configured, but not available. Either disable in VM configuration or enable in BIOS.'],
    ['Proxmox, quoted in prose', 'I get the following error: KVM virtualisation configured, but not available. Either disable in VM configuration or enable in BIOS.'],
    ['libvirt (virt-manager)', 'Error starting domain: unsupported configuration: Domain requires KVM, but it is not available. Check that virtualization is enabled in the host BIOS, and host configuration is setup to load the kvm modules.'],
    ['QEMU kvm_init', 'qemu-system-x86_64: Could not access KVM kernel module: No such file or directory'],
    ['QEMU accelerator setup', 'qemu-system-x86_64: failed to initialize kvm: No such file or directory'],
    ["cpu-checker's kvm-ok", 'INFO: /dev/kvm does not exist'],
    ["libvirt's virt-host-validate", "QEMU: Checking if device /dev/kvm exists                                   : FAIL (Check that the 'kvm-intel' or 'kvm-amd' modules are loaded & the BIOS has enabled virtualization)"],
  ];
  for (const [who, line] of said)
    it(who, () => {
      const r = runRule(rule, paste(line));
      expect(r.findings).toHaveLength(1);
      expect(r.messages[0]!.messageId).toBe('missing');
      expect(r.findings[0]!.evidence.map((e) => e.text)).toContain(line);
    });

  it('a permission error is not a missing device', () => {
    expect(runRule(rule, paste('qemu-system-x86_64: Could not access KVM kernel module: Permission denied')).findings).toEqual([]);
  });

  it('virt-host-validate passing the /dev/kvm check answers the question', () => {
    expect(runRule(rule, paste(...VHV_HEALTHY)).findings).toEqual([]);
  });

  it("kvm-ok's INFO: /dev/kvm exists answers the question", () => {
    expect(runRule(rule, paste('INFO: /dev/kvm exists', 'KVM acceleration can be used'))).toMatchObject({ findings: [] });
  });
});
