// Settings and log lines quoted inside prose are read as configuration and log lines; the rest stays unparsed.
import { describe, expect, it } from 'vitest';
import { parse, lines, unparsedTexts } from './helpers';
import { echoToFile, quotedSpans } from '../../src/parse/prose-config';

describe('settings quoted in prose', () => {
  it('reads an indented markdown code line with MODULES=(…) as mkinitcpio.conf (github.com/bryansteiner/gpu-passthrough-tutorial/issues/31)', () => {
    const f = parse(
      lines(
        'The solution is to add these to `/etc/mkinitcpio.conf` before the list of video drivers, to load vfio-pci early.',
        '',
        '    MODULES=(crc32c-intel intel_agp i915 vfio_pci vfio vfio_iommu_type1 vfio_virqfd amdgpu radeon nouveau)',
        '',
        'then generate configs with',
      ),
    );
    const c = f.configFiles.find((x) => x.path === '/etc/mkinitcpio.conf');
    expect(c?.content).toBe('MODULES=(crc32c-intel intel_agp i915 vfio_pci vfio vfio_iommu_type1 vfio_virqfd amdgpu radeon nouveau)');
    expect(c?.partial).toBe(true);
    // The prose around it is still counted as not understood.
    expect(unparsedTexts(f)).toContain('then generate configs with');
  });

  it('reads a systemd-boot "options" line quoted inline as a loader entry, not as the running command line (github.com/ipaqmaster/vfio/issues/2)', () => {
    const f = parse(
      "Hi I have an i5 6500. My bootloader is Systemd-boot and I'm using: `options root=\"LABEL=arch_os\" rw snd_hda_intel.power_save=0 nvidia-drm.modeset=1 nouveau.modeset=0 intel_iommu=on`. For the script I'm running: `./main -image x.img`.\n",
    );
    expect(f.cmdline).toBeUndefined();
    const c = f.configFiles.find((x) => x.path.startsWith('systemd-boot entry'));
    expect(c?.content).toContain('intel_iommu=on');
    // Not a path under /boot/loader/entries: that would say GRUB with BLS entries.
    expect(f.paths.some((p) => p.startsWith('/boot/loader/entries'))).toBe(false);
  });

  it('reads `echo … >> /etc/modprobe.d/x.conf` as that file\'s directive (github.com/ROCm/gpu-operator/issues/330)', () => {
    const f = parse(lines('> ```', "> sudo echo 'blacklist amdgpu' >> /etc/modprobe.d/blacklist-amdgpu.conf", '> sudo reboot', '> ```'));
    expect(f.modprobe).toEqual([expect.objectContaining({ kind: 'blacklist', module: 'amdgpu', evidence: expect.objectContaining({ source: '/etc/modprobe.d/blacklist-amdgpu.conf' }) })]);
    expect(unparsedTexts(f)).toEqual(['sudo reboot']);
  });

  it('reads GRUB_CMDLINE_LINUX_DEFAULT quoted in a sentence', () => {
    const f = parse('I added this to grub: `GRUB_CMDLINE_LINUX_DEFAULT="quiet amd_iommu=on iommu=pt"` and ran update-grub\n');
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toBe('quiet amd_iommu=on iommu=pt');
    expect(f.cmdline).toBeUndefined();
  });

  it('does not take a quoted bare parameter for the running command line', () => {
    const f = parse('I put `intel_iommu=on iommu=pt` in my config and it still fails\n');
    expect(f.cmdline).toBeUndefined();
    expect(f.unparsed.count).toBe(1);
  });
});

describe('log lines quoted in prose', () => {
  it('reads a dmesg line in inline code (github.com/cloud-hypervisor/cloud-hypervisor/issues/165)', () => {
    const f = parse(lines('The driver init printed an error and host dmesg had an entry ', '`[  365.159219] vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded`'));
    expect(f.kernelLog.map((l) => l.message)).toEqual(['vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded']);
    expect(f.kernelLogComplete).toBe(false);
  });

  it('reads a kernel line in double quotes', () => {
    const f = parse('dmesg states the following when booting:\n"vfio-pci 0000:03:00.0: Unsupported reset method \'device_specific\'"\n');
    expect(f.kernelLog.map((l) => l.message)).toEqual(["vfio-pci 0000:03:00.0: Unsupported reset method 'device_specific'"]);
  });

  it('splits a KubeVirt event whose QEMU lines are literal \\n escapes (github.com/harvester/harvester/issues/3135)', () => {
    const f = parse(
      '    Message:               server error. command SyncVMI failed: "LibvirtError(Code=1, Domain=10, Message=\'internal error: qemu unexpectedly closed the monitor: 2022-11-10T09:16:06.649618Z qemu-system-x86_64: warning: host doesn\'t support requested feature: MSR(48DH).vmx-posted-intr [bit 7]\\n2022-11-10T09:16:06.649644Z qemu-system-x86_64: warning: host doesn\'t support requested feature: MSR(48FH).\n',
    );
    // libvirt's "qemu unexpectedly closed the monitor" is an error; QEMU's warnings are understood but no error.
    expect(f.qemuErrors.map((q) => q.kind)).toEqual(['other']);
    expect(f.unparsed.count).toBe(0);
  });
});

describe('helpers', () => {
  it('finds inline code and quoted spans, not an unclosed backtick', () => {
    expect(quotedSpans('a `b c` d "e" f “g” `h')).toEqual(['b c', 'e', 'g']);
  });
  it('finds what echo writes where', () => {
    expect(echoToFile("echo 'options vfio-pci ids=10de:1b81' | sudo tee -a /etc/modprobe.d/vfio.conf")).toEqual({ content: 'options vfio-pci ids=10de:1b81', path: '/etc/modprobe.d/vfio.conf' });
    expect(echoToFile('echo "vfio_pci" >> /etc/modules')).toEqual({ content: 'vfio_pci', path: '/etc/modules' });
    expect(echoToFile('echo hello')).toBeUndefined();
  });
});

describe('commands named outside a prompt', () => {
  it('"`lsmod | grep kvm` outputs this:" before a fence makes the block that filtered lsmod (github.com/QaidVoid/Complete-Single-GPU-Passthrough/issues/19)', () => {
    const f = parse(lines('`lsmod | grep kvm` outputs this:', '```', 'kvm                  1105920  0', 'irqbypass              16384  1 kvm', '```', 'No idea if that\'s good or bad.'));
    expect(f.modulesLoaded).toEqual(['irqbypass', 'kvm']);
    expect(f.modulesLoadedFilters).toEqual(['kvm']);
    expect(f.modulesLoadedComplete).toBe(false);
  });

  it('a bare command as the first line of a fence is the block\'s command (github.com/fwupd/fwupd/issues/5275)', () => {
    const f = parse(lines('```shell', 'dmesg | grep -i -e DMAR -e IOMMU', '[    0.000000] Command line: initrd=\\x\\initrd root=UUID=4d8f ro rhgb quiet', '[    0.100185] DMAR: IOMMU enabled', '```'));
    expect(f.kernelLogGreps?.map((g) => g.command)).toEqual(['dmesg | grep -i -e DMAR -e IOMMU']);
    expect(f.kernelLogComplete).toBe(false);
    expect(f.unparsed.count).toBe(0);
  });

  it('output that merely starts with a command word is not taken for a command', () => {
    const f = parse(lines('```', 'lspci output was empty', '```'));
    expect(f.unparsed.sample.map((e) => e.text)).toEqual(['lspci output was empty']);
  });
});

describe('quotes a sentence denies, asks about or only proposes', () => {
  const NVIDIA = '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)';
  it.each([
    ['Should I add `options vfio-pci ids=10de:1b81,10de:10f0` to /etc/modprobe.d/vfio.conf?'],
    ['I have NOT added `options vfio-pci ids=10de:1b81` yet.'],
    ["I didn't run `echo \"options vfio-pci ids=10de:1b81\" > /etc/modprobe.d/vfio.conf` either."],
    ['Someone told me to put `MODULES=(vfio_pci vfio vfio_iommu_type1)` in mkinitcpio.conf but I have not.'],
    ['I did not set `GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"`.'],
  ])('%s is no configuration', (sentence) => {
    const f = parse(lines(sentence, '', '$ lspci -nn', NVIDIA));
    expect(f.modprobe).toEqual([]);
    expect(f.configFiles).toEqual([]);
    expect(f.grubVars ?? {}).toEqual({});
    expect(unparsedTexts(f)).toContain(sentence);
  });

  it.each([
    ["I don't see \"DMAR: IOMMU enabled\" anywhere in my dmesg."],
    ['dmesg never shows `vfio-pci 0000:01:00.0: enabling device (0000 -> 0003)`'],
  ])('%s is no log line', (sentence) => {
    const f = parse(lines(sentence, '', '$ lspci -nn', NVIDIA));
    expect(f.kernelLog).toEqual([]);
  });

  it.each([
    ['It still does not work, so I added `options vfio-pci ids=10de:1b81` to /etc/modprobe.d/vfio.conf'],
    ['I added `options vfio-pci ids=10de:1b81` but it does not work'],
  ])('%s is configuration (the denial is in another clause)', (sentence) => {
    const f = parse(lines(sentence, '', '$ lspci -nn', NVIDIA));
    expect(f.modprobe.length).toBeGreaterThan(0);
  });

  it('a log line quoted after "it doesn\'t start" is still read (only the configuration reading is denied)', () => {
    const f = parse(lines("The VM doesn't start `[  365.159219] vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded`"));
    expect(f.kernelLog.map((l) => l.message)).toEqual(['vfio_pin_pages_remote: RLIMIT_MEMLOCK (4194304) exceeded']);
  });
});
