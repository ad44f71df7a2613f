// Short knowledge articles for the chat's questions: plain words, what to do, and which host facts to quote.
import * as F from './host-facts';
import type { FactsFn } from './host-facts';

export interface Article {
  id: string;
  title: string;
  keywords: string[];
  /** A few short paragraphs. */
  body: string;
  /** Rules whose findings this article explains (their fixes are offered with the answer). */
  rules?: string[];
  facts?: FactsFn;
}

export const ARTICLES: readonly Article[] = [
  {
    id: 'iommu-groups',
    title: 'What an IOMMU group is, and why devices share one',
    keywords: ['iommu group', 'group', 'groups', 'same group', 'shares', 'share', 'together', 'isolation', 'sata', 'nvme', 'usb', 'nic', 'chipset', 'slot', 'pcie', 'acs'],
    body: [
      'The IOMMU translates and polices the DMA of devices. It can only tell devices apart when the PCIe path between them and the CPU keeps their traffic separate; devices it cannot separate form one IOMMU group, and a group is the smallest unit you can give to a VM.',
      'Groups follow ACS (Access Control Services) on the upstream path: a CPU-attached slot with ACS-capable root ports usually gives the card a group of its own, while slots and onboard devices behind the chipset often share one big group with SATA, USB and network controllers.',
      'A GPU sharing a group with its own audio/USB functions, or with a PCI bridge or root port, is fine. Anything else in the group must go to the VM too, or passthrough is refused ("group is not viable").',
      'Options: move the card to a CPU-attached slot (usually the top x16), update the firmware and enable ACS if offered, pass the whole group, or — knowing the risk — the ACS override patch.',
    ].join('\n'),
    rules: ['group-not-isolated', 'group-not-viable'],
    facts: F.groupFacts,
  },
  {
    id: 'acs-override',
    title: 'ACS and the ACS override patch: what it does and the risk',
    keywords: ['acs', 'acs override', 'pcie_acs_override', 'override', 'downstream', 'multifunction', 'split groups', 'zen kernel', 'proxmox kernel', 'peer-to-peer', 'p2p', 'risk', 'security', 'unsafe'],
    body: [
      'ACS (PCIe Access Control Services) lets a switch or root port force peer-to-peer traffic up to the IOMMU, where it can be checked. The kernel only puts devices in separate IOMMU groups when ACS on the path guarantees that isolation.',
      'The ACS override patch (pcie_acs_override=downstream,multifunction, or id:vvvv:dddd) makes the kernel pretend that isolation exists. It is not in mainline: only kernels that carry the patch know it (Proxmox VE, linux-zen, CachyOS, Liquorix, linux-vfio). When active the kernel logs "PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA".',
      'The risk: devices that the hardware does not isolate can still reach each other by peer-to-peer DMA, so a guest may read or write the memory of another device in the real group — and through it, the host. Acceptable on a single-user desktop if you understand that; never on a host running other people\'s VMs. Prefer a better slot or firmware ACS support.',
    ].join('\n'),
    rules: ['group-not-isolated'],
    facts: (c) => [...F.acsFacts(c), ...F.groupFacts(c)],
  },
  {
    id: 'identical-gpus',
    title: 'Why identical GPUs need driver_override',
    keywords: ['identical', 'same gpu', 'two gpus', 'same model', 'same id', 'both cards', 'driver_override', 'driverctl', 'vfio-pci.ids', 'bind by address', 'host lost gpu'],
    body: [
      'vfio-pci.ids= (and `options vfio-pci ids=`) match devices by vendor:device ID. When the host card and the guest card are the same model, they share that ID, so vfio-pci claims both and the host loses its GPU — or neither is claimed if you leave the ID out.',
      'The fix is to bind by PCI address instead: write "vfio-pci" to /sys/bus/pci/devices/<BDF>/driver_override for each function of the passthrough card, early in boot (an initramfs script, a dracut or mkinitcpio hook, or `driverctl set-override <BDF> vfio-pci`), then let vfio-pci probe it. driver_override only allows a driver to bind; it does not unbind one that already holds the device.',
      'Remove the shared IDs from vfio-pci.ids= and modprobe.d at the same time, and update the addresses if you ever move the card.',
    ].join('\n'),
    rules: ['identical-gpus-id-collision'],
    facts: F.identicalFacts,
  },
  {
    id: 'code-43',
    title: 'NVIDIA "Code 43" in the Windows guest',
    keywords: ['code 43', 'error 43', '43', 'nvidia', 'windows', 'device manager', 'hidden', 'kvm hidden', 'vendor_id', 'hyper-v', 'guest driver'],
    body: [
      'Code 43 is Windows saying the NVIDIA driver stopped the device. Before driver R465 (465.89, March 2021) NVIDIA\'s GeForce driver did this on purpose when it detected a hypervisor; R465 and later allow GeForce passthrough, so the first fix is a current guest driver.',
      'With older drivers, hide the hypervisor: in libvirt <kvm><hidden state=\'on\'/></kvm> and <hyperv><vendor_id state=\'on\' value=\'0123456789ab\'/></hyperv> under <features>.',
      'Code 43 with a current driver usually means the card did not initialise: a missing or wrong vBIOS (single-GPU or boot GPU setups need a clean ROM file), a card that was not reset between VM boots, or on laptops a missing ACPI table / vBIOS for a hybrid GPU. The host side (vfio-pci bound, group viable) must be right first.',
    ].join('\n'),
    facts: F.code43Facts,
  },
  {
    id: 'amd-reset-bug',
    title: 'The AMD reset bug and vendor-reset',
    keywords: ['amd', 'reset', 'reset bug', 'vendor-reset', 'polaris', 'vega', 'navi', 'rx 580', 'rx 5700', 'second boot', 'black screen after reboot', 'd3cold', 'flr', 'restart vm'],
    body: [
      'Some AMD GPU families cannot be reset properly between VM boots: the VM works once, and after a guest reboot or shutdown the card stays hung (black screen, "not ready … after FLR; giving up", "Unable to change power state from D3cold to D0").',
      'Affected families include Polaris (RX 4xx/5xx), Vega 10/20 and Navi 10/12/14 (RX 5500–5700); the out-of-tree gnif/vendor-reset module adds device-specific resets for them. Install it (DKMS), load it early, and select it with `echo device_specific > /sys/bus/pci/devices/<BDF>/reset_method` (its udev rule does this).',
      'Also keep amdgpu away from the card before the VM starts (bind vfio-pci at boot). Without a working reset, rebooting the host between VM runs is the fallback. RX 6000 and newer mostly reset fine.',
    ].join('\n'),
    facts: F.amdResetFacts,
  },
  {
    id: 'looking-glass',
    title: 'Looking Glass basics',
    keywords: ['looking glass', 'ivshmem', 'kvmfr', 'shared memory', 'display', 'no monitor', 'dummy plug', 'client', 'host application'],
    body: [
      'Looking Glass shows the guest\'s GPU output in a window on the host without a second monitor: a host application in the Windows guest copies each frame into shared memory (an IVSHMEM device) and the Linux client draws it, with very low latency.',
      'You need a working GPU passthrough first. Then add an ivshmem shared-memory device (or the kvmfr kernel module) sized for your resolution — 32 MB for 1080p SDR, 64 MB for 1440p or 4K — install the matching Looking Glass host in the guest and the same version of the client on the host.',
      'The passed-through GPU must have a display attached or a dummy plug so that it renders at all. Looking Glass does not help single-GPU setups: the host needs its own GPU for the client.',
    ].join('\n'),
  },
  {
    id: 'iommu-pt',
    title: 'What iommu=pt does (and does not do)',
    keywords: ['iommu=pt', 'pt', 'passthrough mode', 'iommu.passthrough', 'default domain', 'identity', 'translated', 'performance'],
    body: [
      'iommu=pt puts only the devices the host itself uses in identity (1:1, "passthrough") DMA mode, which saves IOMMU translation overhead. Devices handed to VFIO still get their own isolated domain, so guest isolation is unchanged.',
      'It does not enable the IOMMU: on Intel kernels where it is off by default you still need intel_iommu=on. It is optional — guides add it for performance or to work around a device that misbehaves under translation. The log line "iommu: Default domain type: Passthrough" confirms it; "Default domain type: Translated" is printed even without IOMMU hardware and does not mean the IOMMU is on.',
    ].join('\n'),
    facts: F.iommuPtFacts,
  },
  {
    id: 'read-lspci',
    title: 'How to read lspci -nnk',
    keywords: ['lspci', 'lspci -nnk', 'kernel driver in use', 'kernel modules', 'vendor id', 'device id', 'bdf', 'pci address', 'read output'],
    body: [
      'Each device starts with its address (bus:device.function, e.g. 01:00.0), its class with the class code in brackets ([0300] VGA, [0403] audio, [0c03] USB), its name and the vendor:device ID in brackets (e.g. [10de:2203]) — that ID is what vfio-pci.ids= takes.',
      '"Kernel driver in use:" is the driver that owns the device right now: it must be vfio-pci for every function you pass through. "Kernel modules:" only lists drivers that could bind it. Functions of one card share the bus:device part (01:00.0 VGA, 01:00.1 audio) and normally go to the VM together.',
      'lspci -nnk -s 01:00 shows one card; lspci -v also prints the IOMMU group of each device.',
    ].join('\n'),
    facts: F.lspciFacts,
  },
  {
    id: 'single-gpu',
    title: 'Single-GPU passthrough',
    keywords: ['single gpu', 'one gpu', 'only gpu', 'boot gpu', 'boot_vga', 'display manager', 'hook scripts', 'vbios', 'rom file', 'romfile', 'black screen', 'console'],
    body: [
      'With one GPU, the host must give it up while the VM runs: stop the display manager, unbind the console and framebuffer, unload the GPU driver and hand the card to vfio-pci (libvirt hook scripts do this at VM start and undo it at shutdown). The host has no display meanwhile; use SSH to recover.',
      'The boot GPU\'s ROM is often shadowed by the firmware, so the guest may need a clean vBIOS file (romfile=, dumped from the card or downloaded and, for NVIDIA, stripped of its header). The boot framebuffer may also hold the card\'s memory (BAR "can\'t reserve"): on kernels with simpledrm use initcall_blacklist=sysfb_init, on older ones video=efifb:off.',
      'If the CPU has an integrated GPU, making it the host display (firmware "primary display" setting) turns this into ordinary two-GPU passthrough, which is far easier.',
    ].join('\n'),
    facts: F.singleGpuFacts,
  },
  {
    id: 'vfio-builtin',
    title: 'vfio-pci.ids= vs `options vfio-pci ids=` when vfio-pci is built in',
    keywords: ['vfio-pci.ids', 'options vfio-pci', 'modprobe.d', 'built in', 'builtin', 'module', 'ubuntu', 'softdep', 'modules.builtin', 'ignored', 'ids not applied'],
    body: [
      'When vfio-pci is a module, its options can come from /etc/modprobe.d (`options vfio-pci ids=10de:2204,10de:1aef`, plus `softdep nvidia pre: vfio-pci` so it loads first, and the initramfs rebuilt) or from the kernel command line (vfio-pci.ids=…).',
      'When vfio-pci is built into the kernel (Ubuntu kernels 5.4 to 5.19, i.e. 20.04 to 22.10), modprobe never loads it, so modprobe.d options are silently ignored and softdeps do nothing. Only the kernel command line works: vfio-pci.ids=10de:2204,10de:1aef (comma-separated, no spaces, every function of the card). /lib/modules/$(uname -r)/modules.builtin tells you which case you have.',
    ].join('\n'),
    facts: F.vfioBuiltinFacts,
  },
  {
    id: 'enable-iommu',
    title: 'Turning the IOMMU on (VT-d / AMD-Vi, intel_iommu=on)',
    keywords: ['enable iommu', 'iommu', 'vt-d', 'amd-vi', 'intel_iommu=on', 'amd_iommu', 'bios', 'firmware', 'uefi', 'dmar', 'ivrs', 'no iommu', 'iommu not working', 'svm', 'vt-x'],
    body: [
      'Three things must line up: the CPU and board support it, the firmware exposes it (Intel "VT-d", AMD "IOMMU" — set it to Enabled, not Auto), and the kernel turns it on.',
      'Intel: many kernels still need intel_iommu=on on the command line (Proxmox 6.8+ and some distributions enable it by default). The success line is "DMAR: Intel(R) Virtualization Technology for Directed I/O"; "DMAR: IOMMU enabled" alone only means the option was read. AMD: AMD-Vi is on automatically when the firmware provides it; amd_iommu=on is not a valid option.',
      'Check: /sys/kernel/iommu_groups/ has numbered folders once it works. After changing the command line, regenerate the boot loader configuration and reboot.',
    ].join('\n'),
    rules: ['iommu-firmware-disabled', 'intel-iommu-not-enabled', 'iommu-disabled-by-cmdline', 'iommu-groups-absent', 'amd-iommu-on-noop'],
    facts: F.iommuEnableFacts,
  },
  {
    id: 'inside-vm',
    title: 'Running vfio-doctor inside a virtual machine',
    keywords: ['virtual machine', 'vm', 'inside a vm', 'nested', 'hypervisor', 'qemu', 'virtualbox', 'vmware', 'wsl', 'no iommu in vm', 'guest'],
    body: [
      'Inside a VM, the PCI devices, the IOMMU (usually none) and the groups are the virtual machine\'s, not your computer\'s. Findings like "no IOMMU groups" are true for the VM but say nothing about the physical host, and fixes applied here would not reach it.',
      'Run vfio-doctor on the machine that will host the VMs (the bare-metal host), or collect a bundle there with `vfio-doctor collect` and `paste` it here. Nested passthrough needs a virtual IOMMU (-device intel-iommu,intremap=on,caching-mode=on) and nested virtualisation on the outer host.',
    ].join('\n'),
    facts: F.vmFacts,
  },
  {
    id: 'what-to-paste',
    title: 'What to paste for a diagnosis',
    keywords: ['paste', 'what to paste', 'bundle', 'collect', 'output', 'another machine', 'forum', 'dmesg', 'cmdline', 'support bundle'],
    body: [
      'Best: run `vfio-doctor collect -o bundle.txt` on the machine and paste the file (it is redacted by default). Otherwise paste any of: `cat /proc/cmdline`, `sudo dmesg` (or `journalctl -k -b`), `lspci -nnk`, and the IOMMU group listing:',
      'for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group ${g##*/} $(lspci -nns ${d##*/})"; done; done',
      'Type `paste`, paste everything (in one go or several), then end with a line containing only a dot, or press Ctrl-D. Shell prompts, code fences and colours are stripped.',
    ].join('\n'),
  },
  {
    id: 'companion-functions',
    title: 'The GPU\'s audio and USB functions',
    keywords: ['audio', 'hdmi audio', 'snd_hda_intel', 'usb-c', 'ucsi', 'xhci', 'function', 'functions', '01:00.1', 'multifunction', 'all functions', 'not viable'],
    body: [
      'A graphics card is several PCI functions on one slot: the GPU (.0), its HDMI/DP audio (.1), and on some cards a USB controller and a USB-C controller (.2, .3). They are normally in the same IOMMU group, so all of them must be bound to vfio-pci and given to the VM together, or QEMU refuses the group as "not viable".',
      'Add every function\'s vendor:device ID to vfio-pci.ids= (or set driver_override on each), and add softdeps for snd_hda_intel / xhci_pci if they load first. In the VM, pass the card as one multifunction device ("All Functions" in Proxmox).',
    ].join('\n'),
    rules: ['gpu-companion-functions', 'group-not-viable'],
    facts: F.companionFacts,
  },
  {
    id: 'host-driver',
    title: 'Getting vfio-pci to own the GPU before the host driver (initramfs, softdep, blacklist)',
    keywords: ['nvidia driver', 'amdgpu', 'nouveau', 'host driver', 'bound', 'bind', 'vfio-pci not binding', 'initramfs', 'softdep', 'blacklist', 'early boot', 'kernel driver in use'],
    body: [
      'vfio-pci must claim the card before nvidia, nouveau or amdgpu do. Give it the card\'s IDs (vfio-pci.ids= on the command line, or modprobe.d when it is a module) and make sure it loads early: list vfio, vfio_iommu_type1 and vfio_pci in the initramfs (initramfs-tools modules file, mkinitcpio MODULES before the GPU drivers, dracut force_drivers) and add `softdep nvidia pre: vfio-pci` (or amdgpu / nouveau).',
      'Rebuild the initramfs, reboot, and check with lspci -nnk -s <slot> that "Kernel driver in use: vfio-pci". Blacklisting the host driver also works but only if the host never needs that driver for another card.',
    ].join('\n'),
    rules: ['gpu-bound-to-host-driver'],
    facts: F.lspciFacts,
  },
  {
    id: 'boot-framebuffer',
    title: 'Boot framebuffer holding the GPU ("BAR can\'t reserve")',
    keywords: ['bar', "can't reserve", 'efifb', 'simpledrm', 'simplefb', 'sysfb', 'framebuffer', 'video=efifb:off', 'initcall_blacklist', 'boot gpu', 'console'],
    body: [
      'When the passthrough card is the one the firmware booted on, the boot framebuffer (efifb, simplefb or simpledrm) keeps part of its memory, and vfio-pci logs "BAR N: can\'t reserve [mem …]" when the VM starts.',
      'Since kernel 6.0, binding the card to vfio-pci at boot usually removes the framebuffer by itself. On kernels where sysfb registers a simple-framebuffer, video=efifb:off does nothing; use initcall_blacklist=sysfb_init. On older efifb kernels use video=efifb:off (and video=vesafb:off for BIOS boot). Either way the host loses its text console on that GPU.',
    ].join('\n'),
    facts: F.bootFbFacts,
  },
  {
    id: 'restore-gpu',
    title: 'Giving the GPU back to the host (undoing the passthrough setup)',
    keywords: ['give back', 'restore', 'undo', 'revert', 'host gpu back', 'remove passthrough', 'unbind vfio', 'use the card on the host'],
    body: [
      'A fix applied with vfio-doctor can be undone: type `undo` in the chat or run `sudo vfio-doctor undo` — it restores the files the fix changed (each was backed up first) and says what to regenerate; then reboot.',
      'A setup made by hand: remove vfio-pci.ids= from the kernel command line and regenerate the boot loader configuration, remove `options vfio-pci ids=` / the softdeps from modprobe.d, or comment out the echo lines that write driver_override in the initramfs script; then rebuild the initramfs (e.g. `sudo update-initramfs -u -k all`) and reboot.',
    ].join('\n'),
  },
  {
    id: 'vm-config',
    title: 'Adding the card to the VM (libvirt, Proxmox, QEMU)',
    keywords: ['add to vm', 'add pci device', 'vm config', 'virt-manager', 'libvirt', 'hostdev', 'proxmox', 'qm set', 'hostpci', 'qemu', 'vfio-pci device', 'q35', 'ovmf'],
    body: [
      'Once the host side is right (every function of the card on vfio-pci, the group viable), give the VM every function of the card\'s IOMMU group: libvirt <hostdev> elements (on one guest slot, multifunction=\'on\'), Proxmox `qm set ID -hostpci0 0000:01:00,pcie=1`, plain QEMU `-device vfio-pci,host=…`.',
      '`vfio-doctor vm libvirt|proxmox|qemu|virt-install` prints this for the current target GPU. A PCIe GPU wants the q35 machine type and OVMF (UEFI) firmware.',
    ].join('\n'),
  },
];
