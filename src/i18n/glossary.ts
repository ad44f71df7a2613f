// The Chinese words for the tool's terms, so every message, article and README says a thing the same way. Checked against
// the guide the method comes from (KVM多显卡直通指南: 显卡直通, IOMMU组, 屏蔽显卡驱动, 宿主机, 型号屏蔽法/脚本屏蔽法) and
// the words Chinese VFIO threads use. `avoid` lists variants a test keeps out of src/ and rules/.

export interface Term {
  en: string;
  zh: string;
  /** Other translations seen in the wild that we do not use, so one reader never meets two words for one thing. */
  avoid?: readonly string[];
  note?: string;
}

export const GLOSSARY: readonly Term[] = [
  { en: 'passthrough (PCI/GPU)', zh: '直通', avoid: ['透传', '穿透'], note: '显卡直通 for GPU passthrough, as the guide says' },
  { en: 'IOMMU group', zh: 'IOMMU 组', avoid: ['IOMMU 群组', 'IOMMU群组', 'IOMMU 分组'], note: 'the guide writes IOMMU组; we put a space between Latin and CJK text' },
  { en: 'host (the machine running the VMs)', zh: '宿主机', avoid: ['主机端', '母机'] },
  { en: 'virtual machine / guest', zh: '虚拟机', avoid: ['客户机'], note: '"guest" in QEMU terms is also 虚拟机; 客户机操作系统 is too stiff for a chat' },
  { en: 'driver', zh: '驱动', avoid: ['驱动器', '驱动程式'] },
  { en: 'bind (a device to a driver)', zh: '绑定' },
  { en: 'block the host driver from the card (bind to vfio-pci at boot)', zh: '屏蔽显卡驱动', note: 'the guide\'s 型号屏蔽法 (by ID) and 脚本屏蔽法 (by script)' },
  { en: 'kernel parameter / kernel command line', zh: '内核参数 / 内核命令行', avoid: ['核心参数', '内核引数'] },
  { en: 'boot loader', zh: '引导加载程序', avoid: ['启动加载器', '开机引导程序'], note: 'GRUB, systemd-boot by name where known' },
  { en: 'initramfs', zh: 'initramfs', note: 'never translated; "rebuild the initramfs" = 重新生成 initramfs' },
  { en: 'boot GPU / boot display', zh: '启动显卡', avoid: ['开机显卡'] },
  { en: 'graphics card / GPU', zh: '显卡', note: 'GPU is fine in mixed text; 显卡 in sentences' },
  { en: 'firmware (BIOS/UEFI setup)', zh: '固件(BIOS/UEFI 设置)', avoid: ['韧体'] },
  { en: 'interrupt remapping', zh: '中断重映射' },
  { en: 'reset (device)', zh: '重置', avoid: ['复位'] },
  { en: 'reboot', zh: '重启', avoid: ['重新开机'] },
  { en: 'finding', zh: '问题', note: 'a finding is shown as a problem (错误/警告/提示 by severity)' },
  { en: 'error / warning / info', zh: '错误 / 警告 / 提示' },
  { en: 'fix', zh: '修复方案', note: '"apply the fix" = 应用修复' },
  { en: 'dry run', zh: '预演(不写入)', avoid: ['空跑', '试运行'] },
  { en: 'back up / backup', zh: '备份' },
  { en: 'undo', zh: '撤销', avoid: ['复原'] },
  { en: 'evidence', zh: '依据', avoid: ['证据'], note: 'the lines that prove a finding' },
  { en: 'could not check', zh: '无法检查' },
  { en: 'support bundle', zh: '诊断包', avoid: ['支持包'] },
  { en: 'vendor:device ID', zh: '厂商:设备 ID', note: 'the guide: 厂商ID' },
  { en: 'hugepages', zh: '大页', avoid: ['巨页'] },
  { en: 'function (PCI)', zh: '功能', note: '01:00.1 is the card\'s audio function = 显卡的音频功能' },
  { en: 'slot (guest PCI address)', zh: '插槽' },
  { en: 'kernel log', zh: '内核日志' },
  { en: 'blacklist (a module)', zh: '黑名单', note: '"blacklist nouveau" = 把 nouveau 加入黑名单' },
  { en: 'framebuffer (efifb, simpledrm)', zh: '帧缓冲', avoid: ['帧缓存', '帧缓冲区'] },
  { en: 'machine type (q35, i440fx)', zh: '机型' },
] as const;
