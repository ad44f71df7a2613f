// System descriptions: uname, /proc/version, os-release, cpuinfo, lscpu, lsmod, /proc/modules, modules.builtin.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';

describe('kernel release', () => {
  it.each<[string, string, string]>([
    ['uname -a (Proxmox)', 'Linux pve 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64 GNU/Linux\n', '6.8.12-4-pve'],
    ['uname -a (Arch)', 'Linux archlinux 6.11.5-arch1-1 #1 SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 18:31:38 +0000 x86_64 GNU/Linux\n', '6.11.5-arch1-1'],
    ['uname -r behind a prompt', lines('$ uname -r', '6.11.4-301.fc41.x86_64'), '6.11.4-301.fc41.x86_64'],
    ['uname -r in a bundle', lines('=== uname -r ===', '6.8.0-45-generic'), '6.8.0-45-generic'],
    ['/proc/version', lines('$ cat /proc/version', 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024'), '6.8.0-45-generic'],
    ['NixOS uname -r', lines('[user@nixos:~]$ uname -r', '6.6.58'), '6.6.58'],
  ])('%s', (_n, text, release) => {
    const f = parse(text);
    expect(f.kernelRelease?.value).toBe(release);
    expect(f.unparsed.count).toBe(0);
    expect(f.kernelLogSeen).toBe(false);
  });

  it('WSL is noticed as virtualisation', () => {
    const f = parse('Linux DESKTOP-1 5.15.153.1-microsoft-standard-WSL2 #1 SMP Fri Mar 29 23:14:13 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n');
    expect(f.virt.detectVirt).toBe('wsl');
  });

  it('a bare release number outside a uname section is not a release', () => {
    const f = parse('6.8.0\n');
    expect(f.kernelRelease).toBeUndefined();
  });
});

describe('/etc/os-release', () => {
  const OS = lines(
    'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
    'NAME="Ubuntu"',
    'VERSION_ID="24.04"',
    'VERSION="24.04.1 LTS (Noble Numbat)"',
    'VERSION_CODENAME=noble',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'HOME_URL="https://www.ubuntu.com/"',
    'UBUNTU_CODENAME=noble',
    'LOGO=ubuntu-logo',
  );
  it.each([
    ['marked', () => parse(OS, '/etc/os-release', 'os-release')],
    ['cat prompt', () => parse('$ cat /etc/os-release\n' + OS)],
    ['unmarked', () => parse(OS)],
  ])('%s', (_n, run) => {
    const f = run();
    expect(f.distro).toMatchObject({ id: 'ubuntu', idLike: ['debian'], versionId: '24.04', name: 'Ubuntu 24.04.1 LTS' });
    expect(f.unparsed.count).toBe(0);
  });

  it('Fedora with several ID_LIKE entries and single quotes', () => {
    const f = parse(lines("NAME='Fedora Linux'", 'ID=fedora', 'VERSION_ID=41', 'ID_LIKE="rhel centos"'));
    expect(f.distro).toMatchObject({ id: 'fedora', idLike: ['rhel', 'centos'], versionId: '41', name: 'Fedora Linux' });
  });
});

describe('CPU', () => {
  it('/proc/cpuinfo (Intel)', () => {
    const f = parse(
      lines(
        '$ cat /proc/cpuinfo',
        'processor\t: 0',
        'vendor_id\t: GenuineIntel',
        'cpu family\t: 6',
        'model\t\t: 183',
        'model name\t: 13th Gen Intel(R) Core(TM) i9-13900K',
        'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr vmx smx est tm2 ssse3 ept vpid',
        'bugs\t\t: spectre_v1 spectre_v2',
        '',
        'processor\t: 1',
        'vendor_id\t: GenuineIntel',
        'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr vmx smx est tm2 ssse3 ept vpid',
      ),
    );
    expect(f.cpu?.vendor).toBe('intel');
    expect(f.cpu?.model).toBe('13th Gen Intel(R) Core(TM) i9-13900K');
    expect(f.cpu?.flags).toContain('vmx');
    expect(f.cpu?.flags?.filter((x) => x === 'vmx')).toHaveLength(1);
    expect(f.unparsed.count).toBe(0);
  });

  it('lscpu (AMD), unmarked, with nested indentation', () => {
    const f = parse(
      lines(
        'Architecture:             x86_64',
        '  CPU op-mode(s):         32-bit, 64-bit',
        '  Address sizes:          48 bits physical, 48 bits virtual',
        'CPU(s):                   32',
        '  On-line CPU(s) list:    0-31',
        'Vendor ID:                AuthenticAMD',
        '  Model name:             AMD Ryzen 9 5950X 16-Core Processor',
        '    CPU family:           25',
        '    Flags:                fpu vme de pse tsc msr pae mce cx8 apic svm extapic npt',
        'Virtualization features:',
        '  Virtualization:         AMD-V',
        'Caches (sum of all):',
        '  L1d:                    512 KiB (16 instances)',
        'NUMA:',
        '  NUMA node0 CPU(s):      0-31',
        'Vulnerabilities:',
        '  Spec store bypass:      Mitigation; Speculative Store Bypass disabled via prctl',
      ),
    );
    expect(f.cpu?.vendor).toBe('amd');
    expect(f.cpu?.model).toBe('AMD Ryzen 9 5950X 16-Core Processor');
    expect(f.cpu?.flags).toContain('svm');
    expect(f.unparsed.count).toBe(0);
  });

  it('lscpu in a VM reports the hypervisor', () => {
    const f = parse(lines('$ lscpu', 'Vendor ID:               GenuineIntel', 'Hypervisor vendor:       KVM', 'Virtualization type:     full'));
    expect(f.virt.detectVirt).toBe('kvm');
  });
});

describe('loaded and built-in modules', () => {
  const LSMOD = lines(
    'Module                  Size  Used by',
    'vfio_pci               16384  0',
    'vfio_pci_core          94208  1 vfio_pci',
    'vfio_iommu_type1       49152  0',
    'vfio                   69632  3 vfio_pci_core,vfio_iommu_type1,vfio_pci',
    'kvm_amd               200704  0',
    'kvm                  1396736  1 kvm_amd',
    'irqbypass              12288  2 vfio_pci_core,kvm',
  );
  const WANT = ['irqbypass', 'kvm', 'kvm_amd', 'vfio', 'vfio_iommu_type1', 'vfio_pci', 'vfio_pci_core'];

  it.each([
    ['lsmod unmarked', () => parse(LSMOD)],
    ['lsmod behind a prompt', () => parse('$ lsmod\n' + LSMOD)],
    ['lsmod | grep without the header', () => parse('$ lsmod | grep -E "vfio|kvm|irq"\n' + LSMOD.split('\n').slice(1).join('\n'))],
    ['lsmod lines without header or prompt', () => parse(LSMOD.split('\n').slice(1).join('\n'))],
  ])('%s', (_n, run) => {
    const f = run();
    expect(f.modulesLoaded).toEqual(WANT);
    expect(f.unparsed.count).toBe(0);
  });

  it('/proc/modules', () => {
    const f = parse(
      lines(
        '$ cat /proc/modules',
        'vfio_pci 16384 0 - Live 0xffffffffc0a7e000',
        'vfio_pci_core 94208 1 vfio_pci, Live 0xffffffffc0a5c000',
        'nvidia 60989440 1563 nvidia_uvm,nvidia_modeset, Live 0x0000000000000000 (POE)',
        'kvm-amd 200704 0 - Loading 0xffffffffc0a00000',
      ),
    );
    expect(f.modulesLoaded).toEqual(['kvm_amd', 'nvidia', 'vfio_pci', 'vfio_pci_core']);
    expect(f.unparsed.count).toBe(0);
  });

  it('modules.builtin', () => {
    const f = parse(
      lines(
        '=== /lib/modules/6.8.0-45-generic/modules.builtin ===',
        'kernel/drivers/vfio/vfio.ko',
        'kernel/drivers/vfio/vfio_iommu_type1.ko',
        'kernel/drivers/vfio/pci/vfio-pci-core.ko',
        'kernel/drivers/vfio/pci/vfio-pci.ko',
        'kernel/virt/lib/irqbypass.ko.zst',
      ),
    );
    expect(f.modulesBuiltin).toEqual(['irqbypass', 'vfio', 'vfio_iommu_type1', 'vfio_pci', 'vfio_pci_core']);
    expect(f.unparsed.count).toBe(0);
  });

  it('modules.builtin lines pasted alone', () => {
    const f = parse(lines('kernel/drivers/vfio/pci/vfio-pci.ko', 'kernel/drivers/vfio/vfio_iommu_type1.ko'));
    expect(f.modulesBuiltin).toEqual(['vfio_iommu_type1', 'vfio_pci']);
  });
});
