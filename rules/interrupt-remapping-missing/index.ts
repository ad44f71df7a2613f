// C1: VFIO refuses (or only unsafely accepts) devices because the platform has no interrupt remapping.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { setOption } from '../../src/engine/fixes/file-steps';
import { generatorsOf, rebuildStep } from '../../src/engine/fixes/initramfs';
import type { Fix } from '../../src/schema/fix';
import type { Host } from '../../src/facts/host';
import type { Evidence } from '../../src/schema/evidence';
import { zh } from './zh';

const ID = 'interrupt-remapping-missing';

// drivers/vfio/vfio_iommu_type1.c vfio_iommu_type1_attach_group(): pr_warn("%s: No interrupt remapping support.  Use …") → -EPERM.
const TYPE1 = /^vfio_iommu_type1_attach_group: No interrupt remapping support/;
// drivers/iommu/iommufd/device.c: refuses silently (-EPERM); only the override prints this dev_warn.
const IOMMUFD_UNSAFE = /MSI interrupts are not secure, they cannot be isolated by the platform/;
// Positive lines: drivers/iommu/intel/irq_remapping.c and drivers/iommu/amd/init.c.
const IR_ON = /^(?:DMAR-IR: Enabled IRQ remapping in (?:x2apic|xapic) mode|AMD-Vi: Interrupt remapping enabled)/;
// Lines of an initialised IOMMU, cited when remapping is conspicuously absent.
const IOMMU_UP = /^(?:DMAR: Intel\(R\) Virtualization Technology for Directed I\/O|AMD-Vi: Extended features|perf\/amd_iommu: Detected AMD IOMMU)/;
const AMD_IR_OFF = /^AMD-Vi: Disabling interrupt remapping/;
// ≤6.5 Intel RMRR refusal also ends in QEMU's EPERM: then intel-rmrr-ineligible explains it, not us.
const RMRR = /Device is ineligible for IOMMU domain attach due to platform RMRR requirement/;
// arch/x86/kernel/apic/apic.c try_to_enable_x2apic(): printed whenever remapping is not in x2APIC mode — also when it
// works in xAPIC mode — so it is only quoted beside decisive evidence, never read as the fault by itself.
const X2APIC_NO_IR = /^x2apic: IRQ remapping doesn't support X2APIC mode/;
const UNSAFE_KEYS = ['vfio_iommu_type1.allow_unsafe_interrupts', 'iommufd.allow_unsafe_interrupts'];
const TRUE = /^(?:1|y|yes|on|true)$/i;

/** Why VFIO refuses (or will refuse), most specific first. */
export type Cause = { kind: 'kconfig' } | { kind: 'intremap'; param: string } | { kind: 'amdOff' } | { kind: 'platform' } | { kind: 'eperm' };

const causeText = (c: Cause) =>
  c.kind === 'kconfig'
    ? 'this kernel is built without interrupt remapping ("# CONFIG_IRQ_REMAP is not set"), so no IOMMU can remap interrupts whatever the firmware offers'
    : c.kind === 'intremap'
      ? `${c.param} on the command line switches interrupt remapping off`
      : c.kind === 'amdOff'
        ? 'the AMD IOMMU driver disabled interrupt remapping at boot ("AMD-Vi: Disabling interrupt remapping", a firmware IVRS bug)'
        : c.kind === 'platform'
          ? 'the platform does not provide interrupt remapping (not enabled in the firmware, or not supported)'
          : 'QEMU got "Operation not permitted" while attaching the group: the usual cause is missing interrupt remapping (dmesg then shows "vfio_iommu_type1_attach_group: No interrupt remapping support"); on Intel kernels up to 6.5 an RMRR device gives the same error (see intel-rmrr-ineligible)';

export const messages = {
  unsafeOverride: ({ override }: { override?: string }) =>
    `Interrupt remapping is missing and VFIO runs with the unsafe override (${override ?? 'allow_unsafe_interrupts'}). Passthrough works, but a guest can forge MSI interrupts towards the host. Fix interrupt remapping and drop the override when you can; never keep it on a host that runs untrusted VMs.`,
  refused: ({ refused, cause, type1 }: { refused: boolean; cause: Cause; type1: boolean }) =>
    `${refused ? 'VFIO refused to attach the device' : 'VFIO will refuse to attach devices'}: ${causeText(cause)}. Without interrupt remapping a device could send forged MSIs to the host, so vfio_iommu_type1 ${type1 ? 'printed its refusal' : 'refuses with -EPERM'}; the newer iommufd backend refuses the same way without any message. The QEMU side reads "failed to setup container … Failed to set iommu for container: Operation not permitted". The benign "DMAR-IR: x2apic is disabled because BIOS sets x2apic opt out bit" is not this problem: remapping still works in xAPIC mode.`,
  noEnabledLine: ({ vendor }: { vendor: 'intel' | 'amd' }) =>
    `The IOMMU is active, but the boot log has no line saying interrupt remapping was enabled ("${vendor === 'intel' ? 'DMAR-IR: Enabled IRQ remapping in x2apic/xapic mode' : 'AMD-Vi: Interrupt remapping enabled'}"). VFIO needs it and will refuse devices with "Operation not permitted" unless the unsafe override is set.`,
};

function unsafeOverride(host: Host): { text: string; evidence: Evidence } | undefined {
  const c = host.facts.cmdline;
  const p = c?.params.find((x) => UNSAFE_KEYS.includes(x.key) && TRUE.test(x.value ?? '1'));
  if (c && p) return { text: p.raw, evidence: c.evidence };
  const m = host.facts.modprobe.find((d) => d.kind === 'options' && (d.module === 'vfio_iommu_type1' || d.module === 'iommufd') && /allow_unsafe_interrupts=(?:1|y|Y)\b/.test(d.args));
  return m ? { text: `options ${m.module} ${m.args}`, evidence: m.evidence } : undefined;
}

function fixes(host: Host, intremapOff: string | undefined, noIrqRemap = false): Fix[] {
  const out: Fix[] = [];
  // A kernel built without CONFIG_IRQ_REMAP cannot remap interrupts at all: another kernel comes before anything else.
  if (noIrqRemap)
    out.push({
      id: `${ID}/kernel`,
      title: 'Boot a kernel built with interrupt remapping (CONFIG_IRQ_REMAP=y)',
      variant: 'kernel build',
      recommended: !intremapOff,
      needsReboot: true,
      needsInitramfs: false,
      warnings: [],
      steps: [
        { kind: 'manual', description: 'Use a kernel built with it (check a distribution kernel’s /boot/config-* for CONFIG_IRQ_REMAP=y), or rebuild this one with CONFIG_IRQ_REMAP=y (Device Drivers → IOMMU Hardware Support → Support for Interrupt Remapping; it needs X86_64, X86_IO_APIC, PCI_MSI and ACPI) together with CONFIG_INTEL_IOMMU / CONFIG_AMD_IOMMU.' },
        { kind: 'reboot', description: 'Boot the new kernel.' },
        { kind: 'verify', description: 'The kernel has interrupt remapping', argv: ['sh', '-c', 'grep CONFIG_IRQ_REMAP= /boot/config-"$(uname -r)"'], expect: 'CONFIG_IRQ_REMAP=y' },
      ],
    });
  if (intremapOff) out.push(...cmdlineFixes(host, ID, `Remove ${intremapOff} (it switches interrupt remapping off)`, { remove: [intremapOff] }));
  out.push({
    id: `${ID}/firmware`,
    title: 'Get interrupt remapping working in the firmware',
    variant: 'firmware setup',
    recommended: !intremapOff && !noIrqRemap,
    needsReboot: true,
    needsInitramfs: false,
    warnings: [],
    steps: [
      { kind: 'manual', description: 'Enable VT-d (Intel) or IOMMU (AMD) explicitly rather than "Auto", and update the firmware. On AMD, "AMD-Vi: [Firmware Bug]: … IOAPIC" lines mean a broken IVRS table: see amd-ivrs-ioapic-bug for the ivrs_ioapic= workaround.' },
      { kind: 'reboot', description: 'Boot with the new settings.' },
      { kind: 'verify', description: 'The log shows interrupt remapping enabled ("DMAR-IR: Enabled IRQ remapping in x2apic mode" or "AMD-Vi: Interrupt remapping enabled")', argv: ['sh', '-c', 'dmesg | grep -i -e "IRQ remapping" -e "Interrupt remapping"'] },
    ],
  });
  const risk = 'Insecure: a guest can then send forged MSI interrupts to the host (interrupt injection). Use it only on a single-user machine whose VMs you trust; Proxmox notes it "may make your system unstable".';
  // The command-line form works whether vfio_iommu_type1 is a module or built in.
  for (const f of cmdlineFixes(host, `${ID}/unsafe-cmdline`, 'Last resort: allow unsafe interrupts (vfio_iommu_type1.allow_unsafe_interrupts=1)', { add: ['vfio_iommu_type1.allow_unsafe_interrupts=1'] }, { warnings: [risk] }))
    out.push({ ...f, recommended: false });
  if (host.vfioPciBuiltin !== true) {
    const gen = generatorsOf(host)[0];
    out.push({
      id: `${ID}/unsafe-modprobe`,
      title: 'Last resort: allow unsafe interrupts in /etc/modprobe.d',
      variant: 'modprobe.d (vfio_iommu_type1 as a module)',
      recommended: false,
      needsReboot: true,
      needsInitramfs: !!gen,
      warnings: [risk],
      steps: [
        setOption(host, '/etc/modprobe.d/iommu_unsafe_interrupts.conf', 'vfio_iommu_type1', 'allow_unsafe_interrupts', '1', 'Let vfio_iommu_type1 accept devices without interrupt remapping'),
        ...(gen ? [rebuildStep(gen)] : []),
        { kind: 'reboot', description: 'The option applies when the module loads.' },
        { kind: 'verify', description: 'The parameter is on', argv: ['cat', '/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts'], expect: 'Y' },
      ],
    });
  }
  return out;
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'C1',
    title: 'No interrupt remapping: VFIO refuses the device',
    severity: 'error',
    category: 'interrupts',
    summary: 'Without interrupt remapping VFIO will not attach a device (type1 says so in dmesg, iommufd refuses silently); QEMU fails with "Operation not permitted".',
    docs: ['https://docs.kernel.org/driver-api/vfio.html', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['interrupt remapping', 'allow_unsafe_interrupts', 'intremap', 'Operation not permitted', 'Failed to set iommu for container', 'MSI'],
    consequenceOf: ['amd-ivrs-ioapic-bug', 'running-inside-vm'],
    // The refusal shows in the kernel log or QEMU's error; intremap=off on the command line predicts it.
    requires: [{ anyOf: ['kernelLog', 'qemuLog', 'cmdline'] }],
    reads: {
      log: [
        TYPE1, IOMMUFD_UNSAFE, AMD_IR_OFF, RMRR, X2APIC_NO_IR,
        // IR_ON and IOMMU_UP alternate at the top: one literal per alternative.
        '^DMAR-IR: Enabled IRQ remapping in ', '^AMD-Vi: Interrupt remapping enabled',
        '^DMAR: Intel(R) Virtualization Technology for Directed I/O', '^AMD-Vi: Extended features', '^perf/amd_iommu: Detected AMD IOMMU',
      ],
    },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    // drivers/iommu/Kconfig: "config IRQ_REMAP … Support for Interrupt Remapping" (x86 only): off, nothing remaps.
    const noIrqRemap = f.kconfig?.IRQ_REMAP === 'n';
    const kcEv = noIrqRemap ? [{ source: `/boot/config-${host.kernel?.release ?? '$(uname -r)'}`, text: '# CONFIG_IRQ_REMAP is not set' }, ...host.log(X2APIC_NO_IR).slice(0, 1).map((l) => l.evidence)] : [];
    const type1 = host.log(TYPE1);
    const iommufd = host.log(IOMMUFD_UNSAFE);
    const rmrr = host.log(RMRR);
    const eperm = rmrr.length ? [] : f.qemuErrors.filter((q) => q.kind === 'container-eperm');
    const irOn = host.log(IR_ON);
    const amdOff = host.log(AMD_IR_OFF);
    const intremap = f.cmdline?.params.find((p) => (p.key === 'intremap' && /^off$/i.test(p.value ?? '')) || p.key === 'nointremap');
    const override = unsafeOverride(host);
    const cmdEv = intremap && f.cmdline ? [f.cmdline.evidence] : [];
    const out: DraftOf<typeof messages>[] = [];
    // Running with the override: passthrough works, with the security cost.
    if (iommufd.length || (override && (type1.length || amdOff.length || intremap || eperm.length))) {
      out.push({
        severity: 'warning',
        messageId: 'unsafeOverride',
        data: { override: override?.text },
        evidence: [...iommufd, ...type1, ...amdOff].map((l) => l.evidence).concat(cmdEv, override ? [override.evidence] : [], eperm.map((q) => q.evidence)),
        fixes: fixes(host, intremap?.raw).filter((x) => !x.id.includes('/unsafe')),
      });
      return out;
    }
    const refused = type1.length > 0 || eperm.length > 0;
    const predicted = amdOff.length > 0 || !!intremap || noIrqRemap;
    if (refused || predicted) {
      const cause: Cause = noIrqRemap
        ? { kind: 'kconfig' }
        : intremap
          ? { kind: 'intremap', param: intremap.raw }
          : amdOff.length
            ? { kind: 'amdOff' }
            : type1.length
              ? { kind: 'platform' }
              : { kind: 'eperm' };
      out.push({
        messageId: 'refused',
        data: { refused, cause, type1: type1.length > 0 },
        evidence: [...type1.map((l) => l.evidence), ...eperm.map((q) => q.evidence), ...amdOff.map((l) => l.evidence), ...cmdEv, ...kcEv],
        fixes: fixes(host, intremap?.raw, noIrqRemap),
      });
      return out;
    }
    // A whole boot log of an active IOMMU without any "remapping enabled" line: VFIO will most likely refuse.
    if (f.kernelLogComplete && host.iommu.state === 'active' && irOn.length === 0 && (host.cpuVendor === 'intel' || host.cpuVendor === 'amd')) {
      out.push({
        severity: 'warning',
        messageId: 'noEnabledLine',
        data: { vendor: host.cpuVendor },
        evidence: [...host.iommu.evidence, ...host.log(IOMMU_UP).map((l) => l.evidence)].slice(0, 2),
        fixes: fixes(host, undefined),
      });
    }
    return out;
  },
});
