// A SeaBIOS (legacy BIOS) VM given a GPU whose option ROM has no legacy x86 image: the VM shows nothing until the OS driver loads.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel, isGpu } from '../../src/vm/host-view';
import { romImagesOf } from '../../src/vm/vm-facts';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'vm-seabios-uefi-only-gpu';

export const messages = {
  uefiOnly: ({ vm, gpu }: { vm: string; gpu: string }) =>
    `${vm} boots SeaBIOS (legacy BIOS), but the option ROM of ${gpu} holds only a UEFI (EFI) image, no legacy x86 (PC-AT) one. SeaBIOS runs only legacy option ROMs, so the card shows nothing during boot (no BIOS screen, no boot loader) and may stay dark until the guest OS driver loads. Boot the VM with OVMF (UEFI) instead.`,
};

// No VM definition in the input: nothing to check (no `requires`). Whether the ROM has a legacy image is known only
// from rom-parser's output for the card; without it nothing is said (most cards carry both images).
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'SeaBIOS VM with a UEFI-only GPU',
    severity: 'warning',
    category: 'boot-gpu',
    summary: 'The VM boots legacy BIOS (SeaBIOS) but the passed GPU’s option ROM has no legacy x86 image (UEFI-only card): use OVMF.',
    docs: ['https://libvirt.org/formatdomain.html#bios-bootloader', 'https://github.com/awilliam/rom-parser', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_bios_and_uefi'],
    keywords: ['seabios', 'ovmf', 'uefi', 'legacy rom', 'option rom', 'gop', 'rom-parser', 'black screen'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    for (const vm of vmsOf(host)) {
      if (vm.firmware?.value !== 'seabios') continue;
      for (const h of vm.hostdevs) {
        const d = host.device(h.bdf);
        if (!isGpu(d)) continue;
        const roms = romImagesOf(host, d?.vendor, d?.device);
        // Every image rom-parser listed for this card: some EFI (type 3), none legacy x86 (type 0).
        if (!roms || roms.some((r) => r.types.includes(0)) || !roms.some((r) => r.types.includes(3))) continue;
        out.push({
          messageId: 'uefiOnly',
          data: { vm: vmLabel(vm), gpu: d ? describeDevice(d) : shortBdf(h.bdf) },
          evidence: [vm.firmware.evidence, ...roms.map((r) => r.evidence), h.evidence],
          devices: [h.bdf],
          fixes: [
            {
              id: `${ID}/ovmf`,
              title: tr('Boot the VM with OVMF (UEFI)', '改用 OVMF（UEFI）启动虚拟机'),
              recommended: true,
              needsReboot: false,
              needsInitramfs: false,
              warnings: [
                tr(
                  'An installed guest OS boots only in the mode it was installed in: a legacy (MBR) Windows install needs converting (mbr2gpt) or reinstalling for UEFI.',
                  '虚拟机中已安装的系统只能按安装时的模式启动：以传统方式（MBR）安装的 Windows 需要先转换（mbr2gpt）或重装，才能用 UEFI 启动。',
                ),
              ],
              steps:
                vm.kind === 'libvirt'
                  ? [{ kind: 'manual', description: tr(
                          `virsh edit ${vm.name ?? 'NAME'}: set <os firmware='efi'> (libvirt picks the OVMF build; q35 is advised with it). libvirt cannot switch an existing domain's firmware in place on older versions: if it refuses, create the VM again with UEFI (virt-install --boot uefi).`,
                          `virsh edit ${vm.name ?? 'NAME'}：设置 <os firmware='efi'>（libvirt 会自动选择 OVMF 固件；建议同时使用 q35）。较旧的 libvirt 无法直接切换已有域的固件：如果它拒绝，就用 UEFI 重新创建虚拟机（virt-install --boot uefi）。`,
                        ) }]
                  : [{ kind: 'manual', description: tr(
                          `qm set ${vm.vmid ?? 'VMID'} -bios ovmf -efidisk0 STORAGE:1,efitype=4m (an EFI disk keeps the UEFI variables; STORAGE is where the VM's disks are).`,
                          `qm set ${vm.vmid ?? 'VMID'} -bios ovmf -efidisk0 STORAGE:1,efitype=4m（EFI 磁盘用来保存 UEFI 变量；STORAGE 是虚拟机磁盘所在的存储）。`,
                        ) }],
            },
          ],
        });
      }
    }
    return out;
  },
});
