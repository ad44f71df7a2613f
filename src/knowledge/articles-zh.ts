// The articles in Chinese, by article id: the chat answers a Chinese question from these (same facts as articles.ts).
// Keywords are the words Chinese users type (and the Latin terms they mix in); commands and log lines stay as they are.

export interface ArticleZh {
  title: string;
  keywords: string[];
  body: string;
}

export const ARTICLES_ZH: Readonly<Record<string, ArticleZh>> = {
  'iommu-groups': {
    title: 'IOMMU 组是什么，为什么几个设备会在同一个组',
    keywords: ['IOMMU 组', '同一个组', '同一组', '分组', '查看分组', '哪个组', 'SATA 控制器', '网卡', 'USB 控制器', '芯片组', '插槽', 'ACS', '隔离'],
    body: [
      'IOMMU 负责转换和管控设备的 DMA。只有当设备到 CPU 之间的 PCIe 路径能把它们的流量隔开时，IOMMU 才能区分这些设备；区分不开的设备会被放进同一个 IOMMU 组，而组是分配给虚拟机的最小单位。',
      '分组取决于上游路径上的 ACS（访问控制服务）：插在 CPU 直连插槽、根端口支持 ACS 的显卡通常独占一个组；芯片组下的插槽和板载设备则常常和 SATA、USB、网卡挤在一个大组里。',
      '显卡和它自己的音频/USB 功能、或和 PCI 桥/根端口同组没有问题。组里其他设备必须一起直通给虚拟机，否则 QEMU 会拒绝（"group is not viable"）。',
      '查看分组：`sudo dmesg | grep "iommu group"`，或 README 里的一行分组脚本。解决办法：把显卡换到 CPU 直连的插槽（通常是最上面的 x16）、升级固件并开启 ACS（如果有这个选项）、整组直通，或者在清楚风险的前提下使用 ACS override 补丁。',
    ].join('\n'),
  },
  'acs-override': {
    title: 'ACS 与 ACS override 补丁：作用和风险',
    keywords: ['ACS', 'ACS override', 'pcie_acs_override', '安全吗', '风险', '拆分分组', 'zen 内核', 'Proxmox 内核', '点对点', 'P2P'],
    body: [
      'ACS（PCIe 访问控制服务）让交换芯片或根端口把设备之间的点对点流量强制送到 IOMMU 检查。只有路径上的 ACS 能保证隔离时，内核才会把设备分到不同的 IOMMU 组。',
      'ACS override 补丁（pcie_acs_override=downstream,multifunction 或 id:vvvv:dddd）让内核假装这种隔离存在。它不在主线内核里，只有带这个补丁的内核认识它（Proxmox VE、linux-zen、CachyOS、linux-vfio 等）。生效时内核会打印 "PCIe ACS overrides enabled; This may allow non-IOMMU protected peer-to-peer DMA"。',
      '风险：硬件并没有隔离的设备之间仍可以点对点 DMA，虚拟机可能读写真实分组里其他设备的内存，进而影响宿主机。单人使用的台式机在理解这一点后可以接受；运行别人虚拟机的宿主机绝不能用。优先考虑换插槽或固件的 ACS 支持。',
    ].join('\n'),
  },
  'identical-gpus': {
    title: '两张相同型号的显卡为什么要用 driver_override',
    keywords: ['相同型号', '两张相同', '同型号', '一样的显卡', '两张显卡', '多显卡', '相同 ID', 'driver_override', 'driverctl', 'vfio-pci.ids', '按地址绑定', '脚本屏蔽法', '宿主机没有显卡'],
    body: [
      'vfio-pci.ids=（以及 `options vfio-pci ids=`）按厂商：设备 ID 匹配设备。宿主机用的显卡和要直通的显卡型号相同，ID 也就相同，vfio-pci 会把两张都抢走，宿主机就没有显卡了；如果不写这个 ID，则一张也接管不了。',
      '办法是按 PCI 地址绑定（指南里的"脚本屏蔽法"）：开机早期（initramfs 脚本、dracut 或 mkinitcpio 钩子，或 `driverctl set-override <BDF> vfio-pci`）为直通显卡的每个功能向 /sys/bus/pci/devices/<BDF>/driver_override 写入 "vfio-pci"，再让 vfio-pci 去探测它。driver_override 只允许某个驱动绑定，不会把已经占着设备的驱动卸掉。',
      '同时从 vfio-pci.ids= 和 modprobe.d 中删掉这个共用的 ID；以后换了插槽要记得更新地址。`vfio-doctor` 会按宿主机的 initramfs 生成工具给出完整脚本。',
    ].join('\n'),
  },
  'code-43': {
    title: 'Windows 虚拟机里 NVIDIA 显卡报"代码 43"',
    keywords: ['代码 43', '错误 43', 'Code 43', '43', 'NVIDIA', 'Windows', '设备管理器', '隐藏', 'hidden', 'vendor_id', 'Hyper-V', '显卡驱动'],
    body: [
      '代码 43 是 Windows 告诉你 NVIDIA 驱动停用了设备。R465（465.89,2021 年 3 月）之前的 GeForce 驱动在检测到虚拟化时会故意这样做；R465 及以后允许 GeForce 直通，所以第一步是在虚拟机里装新版驱动。',
      '旧驱动需要隐藏虚拟化：在 libvirt 的 <features> 下加 <kvm><hidden state=\'on\'/></kvm> 和 <hyperv><vendor_id state=\'on\' value=\'0123456789ab\'/></hyperv>。',
      '新驱动仍报代码 43，通常说明显卡没有初始化成功：缺少或用错了 vBIOS（单显卡或启动显卡需要干净的 ROM 文件）、两次启动虚拟机之间显卡没有重置，或者笔记本的混合显卡缺少 ACPI 表/vBIOS。宿主机这边（vfio-pci 已绑定、分组可用）必须先正确。',
    ].join('\n'),
  },
  'amd-reset-bug': {
    title: 'AMD 显卡重置问题（reset bug）与 vendor-reset',
    keywords: ['AMD', '重置', '重置问题', 'reset bug', 'vendor-reset', 'Polaris', 'Vega', 'Navi', 'RX 580', 'RX 5700', '第二次启动', '重启虚拟机后黑屏', 'D3cold', 'FLR'],
    body: [
      '部分 AMD 显卡在两次启动虚拟机之间无法正确重置：虚拟机第一次能用，虚拟机重启或关机后显卡就卡死（黑屏、"not ready … after FLR; giving up"、"Unable to change power state from D3cold to D0"）。',
      '受影响的有 Polaris（RX 4xx/5xx）、Vega 10/20 和 Navi 10/12/14（RX 5500–5700）；树外模块 gnif/vendor-reset 为它们加了专用的重置方法。用 DKMS 安装、尽早加载，并用 `echo device_specific > /sys/bus/pci/devices/<BDF>/reset_method` 选用它（它自带的 udev 规则会做这一步）。',
      '另外要在虚拟机启动前让 amdgpu 碰不到这张卡（开机时绑定 vfio-pci）。实在没有可用的重置方法，就只能在两次使用虚拟机之间重启宿主机。RX 6000 及更新的显卡大多能正常重置。',
    ].join('\n'),
  },
  'looking-glass': {
    title: 'Looking Glass 入门',
    keywords: ['Looking Glass', 'ivshmem', 'kvmfr', '共享内存', '显示', '没有显示器', '假负载', 'HDMI 欺骗器', '客户端'],
    body: [
      'Looking Glass 不用第二台显示器就能在宿主机窗口里看到虚拟机显卡的画面：Windows 虚拟机里的 host 程序把每一帧复制到共享内存（IVSHMEM 设备），Linux 客户端再把它画出来，延迟很低。',
      '前提是显卡直通已经可用。然后按分辨率添加 ivshmem 共享内存设备（或 kvmfr 内核模块）——1080p SDR 32 MB,1440p 或 4K 64 MB——在虚拟机里装对应版本的 Looking Glass host，在宿主机装同一版本的客户端。',
      '直通的显卡必须接着显示器或假负载（HDMI 欺骗器），否则它根本不渲染。Looking Glass 帮不了单显卡方案：宿主机需要自己的显卡来运行客户端。',
    ].join('\n'),
  },
  'iommu-pt': {
    title: 'iommu=pt 做什么（以及不做什么）',
    keywords: ['iommu=pt', 'pt', '直通模式', 'iommu.passthrough', '默认域', '性能'],
    body: [
      'iommu=pt 只让宿主机自己使用的设备工作在恒等（1:1,"passthrough"）DMA 模式，省掉 IOMMU 转换的开销。交给 VFIO 的设备仍然有自己独立的域，虚拟机的隔离不变。',
      '它并不会启用 IOMMU：在默认关闭 IOMMU 的 Intel 内核上仍然需要 intel_iommu=on。它是可选的——教程加它是为了性能，或者绕开某个在地址转换下工作不正常的设备。日志 "iommu: Default domain type: Passthrough" 说明它生效了；"Default domain type: Translated" 即使没有 IOMMU 硬件也会打印，不代表 IOMMU 已开启。',
    ].join('\n'),
  },
  'read-lspci': {
    title: '怎么看 lspci -nnk 的输出',
    keywords: ['lspci', 'lspci -nnk', 'lspci -nnv', 'Kernel driver in use', 'Kernel modules', '厂商 ID', '设备 ID', 'PCI 地址', '总线', '怎么看', '被 vfio-pci 接管', '验证'],
    body: [
      '每个设备以地址开头（总线：设备.功能，如 01:00.0），然后是设备类型和方括号里的类型编号（[0300] 显卡，[0403] 音频，[0c03] USB）、名称，以及方括号里的厂商：设备 ID（如 [10de:2203]）——vfio-pci.ids= 要填的就是这个 ID。',
      '"Kernel driver in use:" 是此刻占用设备的驱动：要直通的每个功能都必须是 vfio-pci。"Kernel modules:" 只是列出能驱动它的模块。同一张卡的各个功能总线：设备部分相同（01:00.0 显卡，01:00.1 音频），通常一起直通给虚拟机。',
      '`lspci -nnk -s 01:00` 只看一张卡；`lspci -v` 还会显示每个设备的 IOMMU 组。',
    ].join('\n'),
  },
  'single-gpu': {
    title: '单显卡直通',
    keywords: ['单显卡', '只有一张显卡', '一张显卡', '唯一的显卡', '启动显卡', 'boot_vga', '显示管理器', '钩子脚本', 'vBIOS', 'ROM 文件', 'romfile', '黑屏', '控制台'],
    body: [
      '只有一张显卡时，宿主机必须在虚拟机运行期间让出它：停掉显示管理器、解绑控制台和帧缓冲、卸载显卡驱动，再把显卡交给 vfio-pci（libvirt 钩子脚本在虚拟机启动时做这些，关机时再恢复）。这期间宿主机没有画面，出问题时用 SSH 救回来。',
      '启动显卡的 ROM 常被固件影子化，虚拟机可能需要一个干净的 vBIOS 文件（romfile=，从显卡导出或下载，NVIDIA 的要去掉文件头）。启动帧缓冲也可能占着显卡的显存（BAR "can\'t reserve"）：有 simpledrm 的内核用 initcall_blacklist=sysfb_init，旧内核用 video=efifb:off。',
      '如果 CPU 带核显，在固件里把核显设为主显示，单显卡直通就变成了普通的双显卡直通，容易得多。',
    ].join('\n'),
  },
  'vfio-builtin': {
    title: 'vfio-pci 编译进内核时：vfio-pci.ids= 与 `options vfio-pci ids=`',
    keywords: ['vfio-pci.ids', 'options vfio-pci', 'modprobe.d', '编译进内核', '内置', '模块', 'Ubuntu', 'softdep', 'modules.builtin', '不生效', '没生效', '更新 initramfs'],
    body: [
      'vfio-pci 是模块时，它的参数可以来自 /etc/modprobe.d（`options vfio-pci ids=10de:2204,10de:1aef`，再加 `softdep nvidia pre: vfio-pci` 让它先加载，并重新生成 initramfs），也可以来自内核命令行（vfio-pci.ids=…）。',
      'vfio-pci 编译进内核时（Ubuntu 5.4 到 5.19 的内核，即 20.04 到 22.10），modprobe 从不加载它，modprobe.d 里的参数被悄悄忽略，softdep 也不起作用。只有内核命令行有效：vfio-pci.ids=10de:2204,10de:1aef（逗号分隔、不加空格、写上显卡的每个功能）。看 /lib/modules/$(uname -r)/modules.builtin 就知道是哪种情况。',
    ].join('\n'),
  },
  'enable-iommu': {
    title: '启用 IOMMU(VT-d / AMD-Vi、intel_iommu=on)',
    keywords: ['启用 IOMMU', '开启 IOMMU', '打开 IOMMU', 'IOMMU', 'VT-d', 'VT-x', 'AMD-Vi', 'AMD-V', 'SVM', 'intel_iommu=on', 'amd_iommu', 'BIOS', '主板', '固件', 'UEFI', '虚拟化', '虚拟化选项', 'DMAR', 'IVRS', 'GRUB', '内核参数'],
    body: [
      '三件事缺一不可：CPU 和主板支持；固件打开了它（Intel 叫 "VT-d",AMD 叫 "IOMMU"——设为 Enabled，不要用 Auto;CPU 虚拟化 VT-x / AMD-V（SVM）也要打开）；内核启用了它。',
      'Intel：很多内核仍需要在内核命令行加 intel_iommu=on（Proxmox 6.8 起和部分发行版已默认开启）。成功的标志是日志 "DMAR: Intel(R) Virtualization Technology for Directed I/O"；单独的 "DMAR: IOMMU enabled" 只说明参数被读到了。AMD：固件提供 AMD-Vi 时内核会自动启用；amd_iommu=on 不是有效参数。',
      '检查：IOMMU 生效后 /sys/kernel/iommu_groups/ 下会有编号目录。改了内核命令行（例如 /etc/default/grub 的 GRUB_CMDLINE_LINUX_DEFAULT）之后，要重新生成引导加载程序配置（`sudo update-grub` 或 `sudo grub-mkconfig -o /boot/grub/grub.cfg`）并重启。',
    ].join('\n'),
  },
  'inside-vm': {
    title: '在虚拟机里运行 vfio-doctor',
    keywords: ['虚拟机里', '在虚拟机中', '嵌套', '虚拟化软件', 'QEMU', 'VirtualBox', 'VMware', 'WSL', '虚拟机里没有 IOMMU'],
    body: [
      '在虚拟机里看到的 PCI 设备、IOMMU（通常没有）和分组都是虚拟机的，不是你电脑的。"没有 IOMMU 组"之类的结论对这台虚拟机成立，但说明不了物理宿主机的情况，在这里应用的修复也到不了宿主机。',
      '请在要运行虚拟机的那台机器（物理宿主机）上运行 vfio-doctor，或在那里用 `vfio-doctor collect` 生成诊断包再 `paste` 到这里。嵌套直通需要虚拟 IOMMU（-device intel-iommu,intremap=on,caching-mode=on），外层宿主机也要开启嵌套虚拟化。',
    ].join('\n'),
  },
  'what-to-paste': {
    title: '诊断需要粘贴什么',
    keywords: ['粘贴', '贴什么', '需要什么信息', '诊断包', 'collect', '输出', '另一台机器', '论坛', 'dmesg', 'cmdline'],
    body: [
      '最好在那台机器上运行 `vfio-doctor collect -o bundle.txt`，然后粘贴这个文件（默认已脱敏）。否则粘贴以下任意输出：`cat /proc/cmdline`、`sudo dmesg`（或 `journalctl -k -b`）、`lspci -nnk`，以及 IOMMU 组列表：',
      'for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group ${g##*/} $(lspci -nns ${d##*/})"; done; done',
      '输入 `paste`，把内容一次或分几次粘贴进来，最后输入只有一个点的一行，或按 Ctrl-D。Shell 提示符、代码块标记和颜色会被自动去掉。',
    ].join('\n'),
  },
  'companion-functions': {
    title: '显卡的音频和 USB 功能',
    keywords: ['音频', 'HDMI 音频', 'snd_hda_intel', 'USB-C', 'UCSI', 'xhci', '功能', '01:00.1', 'multifunction', '所有功能', 'not viable'],
    body: [
      '一张显卡是同一插槽上的几个 PCI 功能：GPU（.0）、HDMI/DP 音频（.1），有些卡还有 USB 控制器和 USB-C 控制器（.2、.3）。它们通常在同一个 IOMMU 组，所以要全部绑定到 vfio-pci 并一起直通给虚拟机，否则 QEMU 会以 "not viable" 拒绝这个组。',
      '把每个功能的厂商：设备 ID 都写进 vfio-pci.ids=（或给每个功能设置 driver_override），如果 snd_hda_intel / xhci_pci 先加载，再加上对应的 softdep。在虚拟机里把显卡作为一个多功能设备直通（Proxmox 里勾选 "All Functions"）。',
    ].join('\n'),
  },
  'host-driver': {
    title: '屏蔽显卡驱动：让 vfio-pci 抢在宿主机驱动之前接管显卡（initramfs、softdep、黑名单）',
    keywords: ['屏蔽显卡驱动', '屏蔽显卡', '屏蔽驱动', '型号屏蔽法', 'NVIDIA 驱动', 'amdgpu', 'nouveau', '宿主机驱动', '绑定', '接管', 'vfio-pci 没有接管', 'initramfs', 'softdep', '黑名单', 'blacklist', 'Kernel driver in use', 'pci-stub'],
    body: [
      'vfio-pci 必须在 nvidia、nouveau 或 amdgpu 之前认领显卡（指南里的"型号屏蔽法"）。把显卡的 ID 交给它（内核命令行的 vfio-pci.ids=，是模块时也可以写在 modprobe.d），并确保它尽早加载：把 vfio、vfio_iommu_type1、vfio_pci 放进 initramfs（initramfs-tools 的 modules 文件、mkinitcpio 的 MODULES 并排在显卡驱动前面、dracut 的 force_drivers），再加上 `softdep nvidia pre: vfio-pci`（或 amdgpu / nouveau）。',
      '重新生成 initramfs、重启，再用 `lspci -nnk -s <插槽>` 确认 "Kernel driver in use: vfio-pci"。把宿主机驱动加入黑名单也行，但前提是宿主机的其他显卡用不到这个驱动。pci-stub.ids= 是更老的做法，如今用 vfio-pci。',
    ].join('\n'),
  },
  'boot-framebuffer': {
    title: '启动帧缓冲占着显卡（"BAR can\'t reserve"）',
    keywords: ['BAR', "can't reserve", 'efifb', 'simpledrm', 'simplefb', 'sysfb', '帧缓冲', 'video=efifb:off', 'initcall_blacklist', '启动显卡', '控制台'],
    body: [
      '要直通的显卡恰好是固件启动时用的那张时，启动帧缓冲（efifb、simplefb 或 simpledrm）会占住它的一部分显存，虚拟机启动时 vfio-pci 会打印 "BAR N: can\'t reserve [mem …]"。',
      '从内核 6.0 起，开机时把显卡绑定到 vfio-pci 通常会自动移除帧缓冲。在 sysfb 注册 simple-framebuffer 的内核上，video=efifb:off 不起作用，要用 initcall_blacklist=sysfb_init；较老的 efifb 内核用 video=efifb:off（BIOS 启动再加 video=vesafb:off）。无论哪种，宿主机都会失去这张显卡上的文字控制台。',
    ].join('\n'),
  },
  'restore-gpu': {
    title: '把显卡还给宿主机（撤销直通配置）',
    keywords: ['恢复显卡', '还给宿主机', '取消直通', '撤销', '恢复', 'undo', '改回来', '恢复显卡挂载'],
    body: [
      '用 vfio-doctor 应用过的修复可以撤销：在对话里输入 `undo`，或运行 `sudo vfio-doctor undo`——它会恢复修复改过的文件（改前都做了备份）并告诉你还要重新生成什么，然后重启。',
      '手动改的配置：从内核命令行删掉 vfio-pci.ids= 并更新引导加载程序配置，删掉 modprobe.d 里的 `options vfio-pci ids=` / softdep，或者注释掉 initramfs 脚本里写 driver_override 的 echo 行；然后重新生成 initramfs（如 `sudo update-initramfs -u -k all`）并重启。',
    ].join('\n'),
  },
  'vm-config': {
    title: '把显卡加到虚拟机配置里（libvirt、Proxmox、QEMU）',
    keywords: ['加到虚拟机', '添加 PCI 设备', '虚拟机配置', 'virt-manager', 'libvirt', 'hostdev', 'Proxmox', 'qm set', 'hostpci', 'QEMU', '-device vfio-pci', 'q35', 'OVMF'],
    body: [
      '宿主机这边准备好（显卡的每个功能都由 vfio-pci 接管、分组可用）之后，把显卡所在 IOMMU 组里的每个功能都加到虚拟机：libvirt 用 <hostdev>（放在同一个虚拟插槽上、multifunction=\'on\'），Proxmox 用 `qm set ID -hostpci0 0000:01:00,pcie=1`，纯 QEMU 用 `-device vfio-pci,host=…`。',
      '`vfio-doctor vm libvirt|proxmox|qemu|virt-install` 会为当前目标显卡生成这些配置。PCIe 显卡建议用 q35 机器类型和 OVMF（UEFI）固件。',
    ].join('\n'),
  },
};
