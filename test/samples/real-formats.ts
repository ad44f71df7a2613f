// Real pastes quoted by both a parser test and the whole-report test of their format (test/real-formats.test.ts).
// Verbatim; the source of each is cited where it is used.
const lines = (...ls: string[]) => ls.join('\n') + '\n';

export const PVESH_PCI_TABLE = lines(
  '# pvesh get /nodes/{nodename}/hardware/pci --pci-class-blacklist ""',
  '┌──────────┬────────┬──────────────┬────────────┬────────┬───────────────────────────────────────────────────────────────────┬...',
  '│ class    │ device │ id           │ iommugroup │ vendor │ device_name                                                       │',
  '╞══════════╪════════╪══════════════╪════════════╪════════╪═══════════════════════════════════════════════════════════════════╪',
  '│ 0x010601 │ 0xa282 │ 0000:00:17.0 │          5 │ 0x8086 │ 200 Series PCH SATA controller [AHCI mode]                        │',
  '├──────────┼────────┼──────────────┼────────────┼────────┼───────────────────────────────────────────────────────────────────┼',
  '│ 0x010802 │ 0xa808 │ 0000:02:00.0 │         12 │ 0x144d │ NVMe SSD Controller SM981/PM981/PM983                             │',
  
);

export const LSPCI_V_X710 = lines(
  '```',
  '01:00.0 Ethernet controller: Intel Corporation Ethernet Controller X710 for 10GbE SFP+ (rev 02)',
  '\tSubsystem: Intel Corporation Ethernet 10G 2P X710 Adapter',
  '\tFlags: bus master, fast devsel, latency 0, IRQ 16, IOMMU group 2',
  '(...)',
  '01:00.1 Ethernet controller: Intel Corporation Ethernet Controller X710 for 10GbE SFP+ (rev 02)',
  '\tSubsystem: Intel Corporation Ethernet Converged Network Adapter X710',
  '\tFlags: bus master, fast devsel, latency 0, IRQ 16, IOMMU group 2',
  '```',
  
);

export const LSPCI_VVV_GB10 = lines(
  '```',
  '$ sudo lspci -vvv -s 000f:01:00.0',
  '000f:01:00.0 VGA compatible controller: NVIDIA Corporation GB20B [GB10] (rev a1) (prog-if 00 [VGA controller])',
  '        Subsystem: NVIDIA Corporation Device 0000',
  '        Control: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+',
  '        Status: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-',
  '        Latency: 0',
  '        Interrupts: pin B disabled, MSI(X) routed to IRQ 193-200',
  '        IOMMU group: 20',
  '        Region 0: Memory at 24000000 (64-bit, prefetchable) [size=64M]',
  '        Capabilities: [40] Power Management version 3',
  '                Flags: PMEClk- DSI- D1- D2- AuxCurrent=0mA PME(D0-,D1-,D2-,D3hot-,D3cold-)',
  '                Status: D0 NoSoftRst+ PME-Enable- DSel=0 DScale=0 PME-',
  '        Capabilities: [48] MSI: Enable- Count=1/16 Maskable+ 64bit+',
  '                Address: 0000000000000000  Data: 0000',
  '                Masking: 00000000  Pending: 00000000',
  '        Capabilities: [60] Express (v2) Endpoint, IntMsgNum 0',
  '                DevCap: MaxPayload 256 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us',
  '                        ExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 0W TEE-IO-',
  '```',
  
);

export const RESET_METHOD_GREP = lines(
  '```',
  'sudo find /sys/devices -name reset_method | xargs grep .',
  '/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/reset_method:pm bus',
  '/sys/devices/pci0000:00/0000:00:1c.0/reset_method:pm',
  '/sys/devices/pci0000:00/0000:00:1a.0/0000:01:00.0/reset_method:flr bus',
  '/sys/devices/pci0000:00/0000:00:02.0/reset_method:flr pm',
  '```',
  
);

export const LS_IOMMU_GRK = lines(
  'IOMMU Group  12: 0000:01:00.0 USB controller [0c03] Advanced Micro Devices, Inc. [AMD] unknown [1022:43d0] (rev 01)',
  '        Subsystem: ASMedia Technology Inc. unknown [1b21:1142]',
  '        Kernel driver in use: xhci_hcd',
  'IOMMU Group  12: 0000:01:00.1 SATA controller [0106] Advanced Micro Devices, Inc. [AMD] 400 Series Chipset SATA Controller [1022:43c8] (rev 01)',
  '        Subsystem: ASMedia Technology Inc. 400 Series Chipset SATA Controller [1b21:1062]',
  '        Kernel driver in use: ahci',
  'IOMMU Group  12: 0000:01:00.2 PCI bridge [0604] Advanced Micro Devices, Inc. [AMD] 400 Series Chipset PCIe Bridge [1022:43c6] (rev 01)',
  '        Subsystem: ASMedia Technology Inc. 400 Series Chipset PCIe Bridge [1b21:0201]',
  '        Kernel driver in use: pcieport',
  'IOMMU Group  12: 0000:02:00.0 PCI bridge [0604] Advanced Micro Devices, Inc. [AMD] 400 Series Chipset PCIe Port [1022:43c7] (rev 01)',
  '        Subsystem: ASMedia Technology Inc. 400 Series Chipset PCIe Port [1b21:3306]',
  '        Kernel driver in use: pcieport',
  
);

export const LSINITRD_LSINITRAMFS = lines(
  '```',
  '$ sudo lsinitrd /boot/initramfs-`uname -r`.img |grep -i rapidd',
  'rapiddisk',
  '-rwxr-xr-x   2 root     root            0 Jan  3 19:12 usr/lib/dracut/hooks/pre-mount/00-run_rapiddisk.sh',
  '-rwxr-xr-x   1 root     root        40000 Jan  3 19:12 usr/lib/modules/4.18.0-147.8.1.el8_1.x86_64/extra/rapiddisk-cache.ko.xz',
  '-rwxr-xr-x   1 root     root        32008 Jan  3 19:12 usr/lib/modules/4.18.0-147.8.1.el8_1.x86_64/extra/rapiddisk.ko.xz',
  '-rwxr-xr-x   1 root     root        36240 Jan  3 19:12 usr/sbin/rapiddisk',
  '-rwxr-xr-x   2 root     root          120 Jan  3 19:12 usr/sbin/run_rapiddisk.sh',
  '$',
  '```',
  '',
  '#### Ubuntu',
  '```',
  '$ sudo lsinitramfs /boot/initrd.img-`uname -r` |grep -i rapidd',
  'scripts/init-premount/rapiddisk_boot',
  'usr/lib/modules/5.4.0-37-generic/updates/dkms/rapiddisk-cache.ko',
  'usr/lib/modules/5.4.0-37-generic/updates/dkms/rapiddisk.ko',
  'usr/sbin/rapiddisk',
  'usr/sbin/rapiddisk_sub',
  '$',
  '```',
  
);

// The head of a libvirt 7.10 domain log as a user pasted it (github.com/chironjit/single-gpu-passthrough/issues/3;
// "[...]" marks lines left out): environment, binary and options one a line, each ending in " \".
export const LIBVIRT_LOG = lines(
  '2021-12-29 14:45:04.219+0000: starting up libvirt version: 7.10.0, qemu version: 6.1.0, kernel: 5.15.7-1-MANJARO, hostname: subha-ms7c09',
  'LC_ALL=C \\',
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/bin:/var/lib/snapd/snap/bin \\',
  'HOME=/var/lib/libvirt/qemu/domain-1-win10 \\',
  'XDG_DATA_HOME=/var/lib/libvirt/qemu/domain-1-win10/.local/share \\',
  'XDG_CACHE_HOME=/var/lib/libvirt/qemu/domain-1-win10/.cache \\',
  'XDG_CONFIG_HOME=/var/lib/libvirt/qemu/domain-1-win10/.config \\',
  '/usr/bin/qemu-system-x86_64 \\',
  '-name guest=win10,debug-threads=on \\',
  '-S \\',
  '-object \'{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain-1-win10/master-key.aes"}\' \\',
  '-blockdev \'{"driver":"file","filename":"/usr/share/edk2-ovmf/x64/OVMF_CODE.fd","node-name":"libvirt-pflash0-storage","auto-read-only":true,"discard":"unmap"}\' \\',
  '-blockdev \'{"node-name":"libvirt-pflash0-format","read-only":true,"driver":"raw","file":"libvirt-pflash0-storage"}\' \\',
  '-blockdev \'{"driver":"file","filename":"/var/lib/libvirt/qemu/nvram/win10_VARS.fd","node-name":"libvirt-pflash1-storage","auto-read-only":true,"discard":"unmap"}\' \\',
  '-blockdev \'{"node-name":"libvirt-pflash1-format","read-only":false,"driver":"raw","file":"libvirt-pflash1-storage"}\' \\',
  '-machine pc-q35-6.1,usb=off,vmport=off,dump-guest-core=off,pflash0=libvirt-pflash0-format,pflash1=libvirt-pflash1-format,memory-backend=pc.ram \\',
  '-accel kvm \\',
  '-cpu host,migratable=on,hv-time=on,hv-relaxed=on,hv-vapic=on,hv-spinlocks=0x1fff,hv-vendor-id=6969,kvm=off \\',
  '-m 8192 \\',
  '-object \'{"qom-type":"memory-backend-ram","id":"pc.ram","size":8589934592}\' \\',
  '-overcommit mem-lock=off \\',
  '-smp 2,sockets=1,dies=1,cores=2,threads=1 \\',
  '-uuid 569940cb-4a37-4b40-a533-2627cd3243f3 \\',
  '-display none \\',
);
