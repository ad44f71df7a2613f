// The shipped example host for `--demo`: the seed guide's two identical RTX 3090 Ti, as a support bundle.
// Generated from fixtures/sysroots/seed-identical-3090ti with `vfio-doctor collect --root` (test/demo.test.ts keeps them in step).
export const DEMO_BUNDLE = "# vfio-doctor support bundle v1 · vfio-doctor demo · 2026-11-25T12:00:00.000Z\n" +
  "# redacted: UUIDs, host name (checked: host name, user names, MAC addresses, serial numbers, UUIDs, IP addresses)\n" +
  "=== host ===\n" +
  "pci_complete=yes\n" +
  "path=/etc/initramfs-tools/initramfs.conf\n" +
  "path=/boot/grub/grub.cfg\n" +
  "mtime:/etc/default/grub=1795613818560\n" +
  "mtime:/etc/initramfs-tools/modules=1795613818560\n" +
  "iommu_class=dmar0,dmar1\n" +
  "acpi_dmar=present\n" +
  "acpi_ivrs=absent\n" +
  "dmi_sys_vendor=ASUSTeK COMPUTER INC.\n" +
  "dmi_product_name=ROG STRIX Z690-A GAMING WIFI D4\n" +
  "dev_kvm=present\n" +
  "dmesg_restrict=1\n" +
  "=== /proc/version ===\n" +
  "Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024\n" +
  "=== /proc/cmdline ===\n" +
  "BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef\n" +
  "=== /proc/cpuinfo ===\n" +
  "processor\t: 0\n" +
  "vendor_id\t: GenuineIntel\n" +
  "cpu family\t: 6\n" +
  "model name\t: 12th Gen Intel(R) Core(TM) i9-12900KF\n" +
  "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc vmx smx est tm2 ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm abm ept vpid ept_ad fsgsbase bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt\n" +
  "=== /proc/modules ===\n" +
  "kvm_intel 487424 0 - Live 0x0000000000000000\n" +
  "kvm 1409024 1 kvm_intel, Live 0x0000000000000000\n" +
  "snd_hda_intel 61440 2 - Live 0x0000000000000000\n" +
  "=== /etc/os-release ===\n" +
  "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n" +
  "NAME=\"Ubuntu\"\n" +
  "VERSION_ID=\"24.04\"\n" +
  "ID=ubuntu\n" +
  "ID_LIKE=debian\n" +
  "VERSION_CODENAME=noble\n" +
  "=== /lib/modules/6.8.0-45-generic/modules.builtin ===\n" +
  "kernel/drivers/vfio/vfio.ko\n" +
  "kernel/drivers/vfio/vfio_iommu_type1.ko\n" +
  "kernel/drivers/vfio/pci/vfio-pci-core.ko\n" +
  "kernel/drivers/vfio/pci/vfio-pci.ko\n" +
  "kernel/drivers/pci/pci-stub.ko\n" +
  "=== /boot/config-6.8.0-45-generic ===\n" +
  "CONFIG_INTEL_IOMMU=y\n" +
  "CONFIG_INTEL_IOMMU_DEFAULT_ON=y\n" +
  "CONFIG_IRQ_REMAP=y\n" +
  "CONFIG_VFIO=y\n" +
  "CONFIG_VFIO_PCI=y\n" +
  "CONFIG_SYSFB_SIMPLEFB=y\n" +
  "CONFIG_DRM_SIMPLEDRM=y\n" +
  "CONFIG_KVM=m\n" +
  "=== /sys/bus/pci/devices ===\n" +
  "0000:00:00.0 vendor=8086 device=4660 class=060000 subsystem=0000:0000 driver=- driver_override=(null) iommu_group=0 power_state=D0 name=\"Intel Corporation 12th Gen Core Processor Host Bridge/DRAM Registers\"\n" +
  "0000:00:01.0 vendor=8086 device=460d class=060400 subsystem=0000:0000 driver=pcieport driver_override=(null) iommu_group=1 power_state=D0 name=\"Intel Corporation 12th Gen Core Processor PCI Express x16 Controller #1\"\n" +
  "0000:00:17.0 vendor=8086 device=7ae2 class=010601 subsystem=0000:0000 driver=ahci driver_override=(null) iommu_group=11 power_state=D0 name=\"Intel Corporation Alder Lake-S PCH SATA Controller [AHCI Mode]\"\n" +
  "0000:00:1c.0 vendor=8086 device=7ab8 class=060400 subsystem=0000:0000 driver=pcieport driver_override=(null) iommu_group=13 power_state=D0 name=\"Intel Corporation Alder Lake-S PCH PCI Express Root Port #1\"\n" +
  "0000:01:00.0 vendor=10de device=2203 class=030000 subsystem=1043:8870 driver=vfio-pci driver_override=(null) boot_vga=0 iommu_group=17 reset_method=flr,bus power_state=D0 name=\"NVIDIA Corporation GA102 [GeForce RTX 3090 Ti]\"\n" +
  "0000:01:00.1 vendor=10de device=1aef class=040300 subsystem=1043:8870 driver=vfio-pci driver_override=(null) iommu_group=17 reset_method=flr,bus power_state=D0 name=\"NVIDIA Corporation GA102 High Definition Audio Controller\"\n" +
  "0000:04:00.0 vendor=10ec device=8125 class=020000 subsystem=0000:0000 driver=r8169 driver_override=(null) iommu_group=19 power_state=D0 name=\"Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller\"\n" +
  "0000:05:00.0 vendor=10de device=2203 class=030000 subsystem=1458:4102 driver=vfio-pci driver_override=(null) boot_vga=1 iommu_group=20 reset_method=flr,bus power_state=D0 name=\"NVIDIA Corporation GA102 [GeForce RTX 3090 Ti]\"\n" +
  "0000:05:00.1 vendor=10de device=1aef class=040300 subsystem=1458:4102 driver=vfio-pci driver_override=(null) iommu_group=20 reset_method=flr,bus power_state=D0 name=\"NVIDIA Corporation GA102 High Definition Audio Controller\"\n" +
  "=== /sys/kernel/iommu_groups ===\n" +
  "/sys/kernel/iommu_groups/0/devices/0000:00:00.0\n" +
  "/sys/kernel/iommu_groups/1/devices/0000:00:01.0\n" +
  "/sys/kernel/iommu_groups/11/devices/0000:00:17.0\n" +
  "/sys/kernel/iommu_groups/13/devices/0000:00:1c.0\n" +
  "/sys/kernel/iommu_groups/17/devices/0000:01:00.0\n" +
  "/sys/kernel/iommu_groups/17/devices/0000:01:00.1\n" +
  "/sys/kernel/iommu_groups/19/devices/0000:04:00.0\n" +
  "/sys/kernel/iommu_groups/20/devices/0000:05:00.0\n" +
  "/sys/kernel/iommu_groups/20/devices/0000:05:00.1\n" +
  "# kernel log reduced to 15 of 16 lines (IOMMU, VFIO, GPU and PCI lines with context)\n" +
  "=== /var/log/kern.log ===\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.000000] Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 (Ubuntu 6.8.0-45.45-generic 6.8.12)\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=REDACTED-UUID ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.010542] ACPI: DMAR 0x0000000066A9B000 000088 (v02 INTEL  EDK2     00000002      01000013)\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.081234] DMAR: IOMMU enabled\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.176912] DMAR: Host address width 39\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.176930] DMAR-IR: Enabled IRQ remapping in x2apic mode\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.436512] iommu: Default domain type: Translated\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.512880] DMAR: Intel(R) Virtualization Technology for Directed I/O\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.536462] pci 0000:01:00.0: Adding to iommu group 17\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.536467] pci 0000:01:00.1: Adding to iommu group 17\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.536491] pci 0000:05:00.0: Adding to iommu group 20\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    0.536495] pci 0000:05:00.1: Adding to iommu group 20\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    1.894100] vfio_pci: add [10de:2203[ffffffff:ffffffff]] class 0x000000/00000000\n" +
  "Nov 25 09:14:02 HOSTNAME kernel: [    1.894180] vfio_pci: add [10de:1aef[ffffffff:ffffffff]] class 0x000000/00000000\n" +
  "Nov 25 09:14:03 HOSTNAME kernel: [    2.100000] r8169 0000:04:00.0 enp4s0: Link is Up - 1Gbps/Full - flow control rx/tx\n" +
  "=== /etc/default/grub ===\n" +
  "# If you change this file, run 'update-grub' afterwards to update\n" +
  "# /boot/grub/grub.cfg.\n" +
  "GRUB_DEFAULT=0\n" +
  "GRUB_TIMEOUT_STYLE=hidden\n" +
  "GRUB_TIMEOUT=0\n" +
  "GRUB_DISTRIBUTOR=`( . /etc/os-release; echo ${NAME:-Ubuntu} ) 2>/dev/null || echo Ubuntu`\n" +
  "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef\"\n" +
  "GRUB_CMDLINE_LINUX=\"\"\n" +
  "=== /etc/initramfs-tools/modules ===\n" +
  "# List of modules that you want to include in your initramfs.\n" +
  "# They will be loaded at boot time in the order below.\n" +
  "=== /etc/libvirt/qemu/VM-1.xml ===\n" +
  "<domain type='kvm'>\n" +
  "  <name>VM-1</name>\n" +
  "  <memory unit='KiB'>16777216</memory>\n" +
  "  <currentMemory unit='KiB'>16777216</currentMemory>\n" +
  "  <vcpu placement='static'>8</vcpu>\n" +
  "  <os firmware='efi'>\n" +
  "    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n" +
  "    <boot dev='hd'/>\n" +
  "  </os>\n" +
  "  <features>\n" +
  "    <acpi/>\n" +
  "    <apic/>\n" +
  "    <hyperv mode='custom'>\n" +
  "      <relaxed state='on'/>\n" +
  "      <vapic state='on'/>\n" +
  "      <spinlocks state='on' retries='8191'/>\n" +
  "      <vendor_id state='on' value='0123456789ab'/>\n" +
  "    </hyperv>\n" +
  "    <kvm>\n" +
  "      <hidden state='on'/>\n" +
  "    </kvm>\n" +
  "  </features>\n" +
  "  <cpu mode='host-passthrough' check='none' migratable='on'/>\n" +
  "  <devices>\n" +
  "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n" +
  "    <disk type='file' device='disk'>\n" +
  "      <driver name='qemu' type='qcow2'/>\n" +
  "      <source file='/var/lib/libvirt/images/VM-1.qcow2'/>\n" +
  "      <target dev='sda' bus='sata'/>\n" +
  "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n" +
  "    </disk>\n" +
  "    <hostdev mode='subsystem' type='pci' managed='yes'>\n" +
  "      <source>\n" +
  "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n" +
  "      </source>\n" +
  "      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>\n" +
  "    </hostdev>\n" +
  "    <hostdev mode='subsystem' type='pci' managed='yes'>\n" +
  "      <source>\n" +
  "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>\n" +
  "      </source>\n" +
  "      <address type='pci' domain='0x0000' bus='0x06' slot='0x00' function='0x0'/>\n" +
  "    </hostdev>\n" +
  "  </devices>\n" +
  "</domain>\n" +
  "# end of bundle — analyse it with `vfio-doctor analyze FILE`; to share it, attach the file or paste it inside a ``` code block\n" +
  "";
