// A hostdev's ROM file (libvirt <rom file=…>, Proxmox romfile=) that is missing, or that the QEMU user cannot read.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { shortBdf } from '../../src/pci/bdf';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { romPath } from '../../src/vm/vm-facts';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';
import { badLabel, READABLE_TREES } from './confinement';

const ID = 'vm-romfile-unreadable';

const mac = (label: string | undefined, path: string) =>
  badLabel(label)
    ? ` Its SELinux label ${label} is not one QEMU's domain (svirt_t) reads: chcon -t virt_content_t ${path}.`
    : READABLE_TREES.test(path)
      ? ''
      : ` On AppArmor hosts (Debian, Ubuntu) the VM's profile lets QEMU read ROM files only in places it knows (/usr/share/vgabios, /usr/share/kvm, …): keep the file there.`;

export const messages = {
  missing: ({ vm, device, path }: { vm: string; device: string; path: string }) =>
    `${vm} loads the ROM of ${device} from ${path}, and that file does not exist: QEMU stops at start ("failed to find romfile").`,
  unreadable: ({ vm, device, path, perms, owner, label }: { vm: string; device: string; path: string; perms: string; owner: string; label?: string }) =>
    `${vm} loads the ROM of ${device} from ${path}, which only its owner (${owner}) and group may read (${perms}). libvirt runs QEMU as an unprivileged user (qemu or libvirt-qemu, qemu.conf's user), which cannot open it unless it is that owner or in that group: the VM fails to start, or starts without the ROM.${mac(label, path)}`,
  label: ({ vm, device, path, label }: { vm: string; device: string; path: string; label: string }) =>
    `${vm} loads the ROM of ${device} from ${path}.${mac(label, path)} QEMU is then denied reading it (an AVC denial in the audit log) and the VM fails to start.`,
};

// Only when the input shows the file (`ls -lZ PATH`, or the collector's look at it): otherwise nothing is said.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'ROM file missing or unreadable by QEMU',
    severity: 'error',
    category: 'config',
    summary: 'The VM names a ROM file for a passed device that does not exist, or that the QEMU user (or its AppArmor/SELinux confinement) cannot read.',
    docs: ['https://libvirt.org/formatdomain.html#host-device-assignment', 'https://libvirt.org/kbase/qemu-passthrough-security.html', 'https://pve.proxmox.com/pve-docs/chapter-qm.html#qm_pci_passthrough'],
    keywords: ['romfile', 'rom file', 'vbios', 'failed to find romfile', 'permission denied', 'apparmor', 'selinux', 'virt_content_t'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    const stats = host.facts.fileStats ?? {};
    for (const vm of vmsOf(host)) {
      for (const h of vm.hostdevs) {
        const path = romPath(vm, h);
        const st = path ? stats[path] : undefined;
        if (!path || !st) continue;
        const base = { vm: vmLabel(vm), device: shortBdf(h.bdf), path };
        const evidence = [h.evidence, st.evidence];
        const fixes = [
          {
            id: `${ID}/place`,
            title: tr('Put the ROM where QEMU can read it', '把 ROM 放到 QEMU 能读取的位置'),
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [],
            steps: [
              {
                kind: 'manual' as const,
                description:
                  vm.kind === 'proxmox'
                    ? tr(
                        `Copy the ROM to /usr/share/kvm/ (Proxmox looks for a relative romfile= there) and name it in the hostpci line: romfile=NAME.rom.`,
                        `把 ROM 复制到 /usr/share/kvm/（Proxmox 在这里查找相对路径的 romfile=），并在 hostpci 行中写上 romfile=NAME.rom。`,
                      )
                    : tr(
                        `Copy the ROM to /usr/share/vgabios/ (sudo install -D -m 0644 ROM /usr/share/vgabios/NAME.rom; readable by all, in a place libvirt's AppArmor profile allows; on SELinux hosts restorecon it), then point <rom file='/usr/share/vgabios/NAME.rom'/> at it.`,
                        `把 ROM 复制到 /usr/share/vgabios/（sudo install -D -m 0644 ROM /usr/share/vgabios/NAME.rom；所有用户可读，且位于 libvirt 的 AppArmor 配置允许的位置；SELinux 宿主机上再对它执行 restorecon），然后把 <rom file='/usr/share/vgabios/NAME.rom'/> 指向它。`,
                      ),
              },
            ],
          },
        ];
        if (!st.exists) out.push({ messageId: 'missing', data: base, evidence, devices: [h.bdf], fixes });
        // Proxmox runs QEMU as root: permissions do not stop it; libvirt's QEMU user must read the file.
        else if (vm.kind === 'libvirt' && st.perms && st.perms[7] !== 'r' && st.owner !== 'qemu' && st.owner !== 'libvirt-qemu')
          out.push({ severity: 'warning', messageId: 'unreadable', data: { ...base, perms: st.perms, owner: st.owner ?? '?', label: st.label }, evidence, devices: [h.bdf], fixes });
        else if (vm.kind === 'libvirt' && badLabel(st.label))
          out.push({ severity: 'warning', messageId: 'label', data: { ...base, label: st.label }, evidence, devices: [h.bdf], fixes });
      }
    }
    return out;
  },
});
