// QEMU's own stderr lines and libvirt's virt-host-validate output.
import { describe, expect, it } from 'vitest';
import { parse, lines, unparsedTexts } from './helpers';
import { hostCheckOf } from '../../src/parse/virt-host-validate';
import { iommuState } from '../../src/facts/iommu-state';

describe('QEMU stderr', () => {
  it('reads a bare QEMU error after ALSA noise (github.com/foxlet/vmra1n/issues/14)', () => {
    const f = parse(
      lines(
        'daniel@Cruiser:~/macOS-Simple-KVM$ sudo ./basic.sh',
        'ALSA lib pcm_dmix.c:1108:(snd_pcm_dmix_open) unable to open slave',
        'alsa: Could not initialize DAC',
        "qemu-system-x86_64: -device pci-root-port,bus=pcie.0,multifunction=on,port=1,chassis=1,id=port.1: 'pci-root-port' is not a valid device model name",
      ),
    );
    expect(f.qemuErrors).toEqual([expect.objectContaining({ kind: 'other' })]);
    // The ALSA lines are not QEMU's errors: kept as not understood.
    expect(unparsedTexts(f)).toEqual(['ALSA lib pcm_dmix.c:1108:(snd_pcm_dmix_open) unable to open slave', 'alsa: Could not initialize DAC']);
  });

  it('keeps a known error kind and reads a warning as no error', () => {
    const f = parse(lines('qemu-system-x86_64: -device vfio-pci,host=01:00.0: vfio 0000:01:00.0: group 1 is not viable', "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.80000001H:ECX.svm [bit 2]"));
    expect(f.qemuErrors.map((q) => q.kind)).toEqual(['group-not-viable']);
    expect(f.unparsed.count).toBe(0);
  });
});

describe('virt-host-validate', () => {
  it('parses a check line', () => {
    expect(hostCheckOf('  QEMU: Checking for device assignment IOMMU support                         : WARN (No ACPI DMAR table found, IOMMU either disabled in BIOS or not supported by this hardware platform)')).toEqual({
      check: 'for device assignment IOMMU support',
      result: 'WARN',
      detail: 'No ACPI DMAR table found, IOMMU either disabled in BIOS or not supported by this hardware platform',
    });
    expect(hostCheckOf('QEMU: Checking if IOMMU is enabled by kernel : PASS')).toEqual({ check: 'if IOMMU is enabled by kernel', result: 'PASS', detail: undefined });
    expect(hostCheckOf('Checking something : PASS')).toBeUndefined();
  });

  it('a PASS on the host wins over a WARN inside a pod (github.com/openshift/sriov-network-operator/issues/498)', () => {
    const f = parse(
      lines(
        'sh-4.4# chroot /host',
        '',
        '  QEMU: Checking for device assignment IOMMU support                         : PASS',
        '  QEMU: Checking if IOMMU is enabled by kernel                               : PASS',
        'sh-4.4# virt-host-validate |grep IOMMU',
        '  QEMU: Checking for device assignment IOMMU support                         : WARN (No ACPI DMAR table found, IOMMU either disabled in BIOS or not supported by this hardware platform)',
      ),
    );
    expect(f.iommuGroupsSeen?.text).toContain('if IOMMU is enabled by kernel');
    expect(f.acpiTables.DMAR).toBeUndefined();
    expect(iommuState(f).state).toBe('active');
    expect(f.notes.join(' ')).toMatch(/both as PASS and as a failure/);
  });

  it('a PASS after the failing run also wins', () => {
    const f = parse(
      lines(
        'sh-4.4# virt-host-validate |grep IOMMU',
        '  QEMU: Checking for device assignment IOMMU support                         : WARN (No ACPI DMAR table found, IOMMU either disabled in BIOS or not supported by this hardware platform)',
        'sh-4.4# chroot /host',
        '  QEMU: Checking for device assignment IOMMU support                         : PASS',
      ),
    );
    expect(f.acpiTables.DMAR).toBeUndefined();
  });

  it('reads "IOMMU appears to be disabled in kernel" as no groups, and a missing table as that table absent', () => {
    // Output as printed on a host with VT-d off in the kernel (virt-host-validate-common.c virHostValidateIOMMU).
    const f = parse(
      lines(
        '  QEMU: Checking if device /dev/kvm exists                                   : PASS',
        '  QEMU: Checking for device assignment IOMMU support                         : WARN (No ACPI IVRS table found, IOMMU either disabled in BIOS or not supported by this hardware platform)',
        '  QEMU: Checking if IOMMU is enabled by kernel                               : WARN (IOMMU appears to be disabled in kernel. Add intel_iommu=on to kernel cmdline arguments)',
      ),
    );
    expect(f.devKvm).toBe(true);
    expect(f.acpiTables.IVRS).toBe(false);
    expect(f.groups).toEqual({});
    expect(iommuState(f).state).toBe('inactive');
  });
});
