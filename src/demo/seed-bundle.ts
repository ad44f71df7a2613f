// The shipped example host for `--demo`: the seed guide's two identical RTX 3090 Ti, as a support bundle.
export const DEMO_BUNDLE = `# vfio-doctor support bundle v1 · vfio-doctor demo · 2026-11-25T12:00:00Z
# redacted: host name, user names in paths, MAC addresses, serial numbers, disk and system UUIDs
=== host ===
iommu_class=dmar0,dmar1
acpi_dmar=present
acpi_ivrs=absent
systemd_detect_virt=none
dmi_sys_vendor=ASUS
dev_kvm=present
euid=0
pci_complete=yes
kernel_log_complete=yes
path=/etc/default/grub
path=/etc/initramfs-tools/modules
=== /proc/cmdline ===
BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef
=== /proc/version ===
Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024
=== /etc/os-release ===
PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
ID=ubuntu
ID_LIKE=debian
=== /proc/cpuinfo ===
vendor_id	: GenuineIntel
model name	: 12th Gen Intel(R) Core(TM) i9-12900K
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc vmx smx est tm2 ssse3 fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch ept vpid ept_ad fsgsbase bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves
=== /sys/bus/pci/devices ===
0000:00:00.0 vendor=8086 device=4660 class=060000 driver=- iommu_group=0 name="Alder Lake-S Host Bridge/DRAM Registers"
0000:00:01.0 vendor=8086 device=460d class=060400 driver=pcieport iommu_group=1 name="12th Gen Core Processor PCI Express x16 Controller #1"
0000:00:02.0 vendor=8086 device=4680 class=030000 driver=i915 boot_vga=1 iommu_group=2 name="AlderLake-S GT1"
0000:00:17.0 vendor=8086 device=7ae2 class=010601 driver=ahci iommu_group=11 name="Alder Lake-S PCH SATA Controller [AHCI Mode]"
0000:00:1c.0 vendor=8086 device=7ab8 class=060400 driver=pcieport iommu_group=13 name="Alder Lake-S PCH PCI Express Root Port #1"
0000:01:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=17 reset_method=flr,bus subsystem=1043:8870 name="GA102 [GeForce RTX 3090 Ti]"
0000:01:00.1 vendor=10de device=1aef class=040300 driver=vfio-pci driver_override=(null) iommu_group=17 reset_method=flr,bus subsystem=1043:8870 name="GA102 High Definition Audio Controller"
0000:04:00.0 vendor=10ec device=8125 class=020000 driver=r8169 iommu_group=19 name="RTL8125 2.5GbE Controller"
0000:05:00.0 vendor=10de device=2203 class=030000 driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=20 reset_method=flr,bus subsystem=1458:4102 name="GA102 [GeForce RTX 3090 Ti]"
0000:05:00.1 vendor=10de device=1aef class=040300 driver=vfio-pci driver_override=(null) iommu_group=20 reset_method=flr,bus subsystem=1458:4102 name="GA102 High Definition Audio Controller"
=== /etc/default/grub ===
# If you change this file, run 'update-grub' afterwards to update
# /boot/grub/grub.cfg.
GRUB_DEFAULT=0
GRUB_TIMEOUT_STYLE=hidden
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=\`( . /etc/os-release; echo \${NAME:-Ubuntu} ) 2>/dev/null || echo Ubuntu\`
GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef"
GRUB_CMDLINE_LINUX=""
=== /etc/initramfs-tools/modules ===
# List of modules that you want to include in your initramfs.
# They will be loaded at boot time in the order below.
vfio
vfio_iommu_type1
vfio_pci
=== /lib/modules/6.8.0-45-generic/modules.builtin ===
kernel/drivers/vfio/vfio.ko
kernel/drivers/vfio/vfio_iommu_type1.ko
kernel/drivers/vfio/pci/vfio-pci-core.ko
kernel/drivers/vfio/pci/vfio-pci.ko
=== dmesg ===
[    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 (Ubuntu 6.8.0-45.45-generic 6.8.12)
[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef
[    0.010542] ACPI: DMAR 0x0000000066A9B000 000088 (v02 INTEL  EDK2     00000002      01000013)
[    0.081234] DMAR: IOMMU enabled
[    0.176912] DMAR: Host address width 39
[    0.176915] DMAR: DRHD base: 0x000000fed90000 flags: 0x0
[    0.176930] DMAR-IR: Enabled IRQ remapping in x2apic mode
[    0.436512] iommu: Default domain type: Translated
[    0.512880] DMAR: Intel(R) Virtualization Technology for Directed I/O
[    0.536462] pci 0000:01:00.0: Adding to iommu group 17
[    0.536467] pci 0000:01:00.1: Adding to iommu group 17
[    0.536491] pci 0000:05:00.0: Adding to iommu group 20
[    0.536495] pci 0000:05:00.1: Adding to iommu group 20
[    1.894100] vfio_pci: add [10de:2203[ffffffff:ffffffff]] class 0x000000/00000000
[    1.894180] vfio_pci: add [10de:1aef[ffffffff:ffffffff]] class 0x000000/00000000
# end of bundle — share it as it is: plain text, inside a code block on forums
`;
