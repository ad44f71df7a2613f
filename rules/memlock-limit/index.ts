// I2: QEMU hit its locked-memory limit while VFIO pinned guest RAM (non-root QEMU without raised RLIMIT_MEMLOCK).
import { defineRule } from '../../src/engine/rule';
import { createFile } from '../../src/engine/fixes/file-steps';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'memlock-limit';
// drivers/vfio/vfio_iommu_type1.c: pr_warn("%s: RLIMIT_MEMLOCK (%ld) exceeded\n", __func__, limit << PAGE_SHIFT) — bytes.
const LINE = /vfio_pin_pages_remote: RLIMIT_MEMLOCK \((\d+)\) exceeded/;

const pinned = (what: string) =>
  `VFIO could not pin the guest's memory: ${what}, but device assignment pins all guest RAM. libvirt raises the limit itself for <hostdev> guests (qemu:///system); a hand-started or session QEMU needs a higher limit for its user.`;

const size = (bytes: number) => (bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`);

export const messages = {
  limit: ({ bytes }: { bytes: number }) => pinned(`the QEMU process may lock only ${bytes} bytes (${size(bytes)})`),
  libvirtCannotRaise: () =>
    pinned("libvirt was not allowed to raise the QEMU process's locked-memory limit (it lacks CAP_SYS_RESOURCE: a session libvirt, or libvirt in a container)"),
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'I2',
    title: 'Locked-memory limit too low for VFIO',
    severity: 'error',
    category: 'resources',
    summary: 'VFIO must pin all guest RAM; QEMU running as a user with a small RLIMIT_MEMLOCK fails (vfio_pin_pages_remote: RLIMIT_MEMLOCK exceeded).',
    docs: ['https://docs.kernel.org/driver-api/vfio.html', 'https://libvirt.org/formatdomain.html#memory-tuning'],
    keywords: ['memlock', 'rlimit_memlock', 'ulimit -l', 'limitmemlock', 'cannot allocate memory', 'pin pages', 'vfio_dma_map'],
    // libvirt's own words (a QEMU error) show the fault too, but only the kernel log shows its absence.
    requires: ['kernelLog'],
    reads: { log: [LINE] },
    messages,
    zh,
  },
  check(host) {
    const lines = host.log(LINE);
    // libvirt's words for the lock limit (README: Messages matched). QEMU's "Cannot allocate memory" from VFIO_MAP_DMA
    // alone is not evidence of the limit (a root QEMU is exempt and fails for want of RAM): guest-ram-pin-failed reads
    // it, and it is only quoted here beside the kernel's own line.
    const said = host.facts.qemuErrors.filter((q) => q.kind === 'memlock');
    if (lines.length === 0 && said.length === 0) return [];
    const qemuSaid = lines.length ? host.facts.qemuErrors.filter((q) => q.kind === 'dma-map-enomem') : [];
    const limit = lines.length ? Number(LINE.exec(lines[0]!.message)![1]) : undefined;
    return [
      {
        ...(limit !== undefined ? { messageId: 'limit' as const, data: { bytes: limit } } : { messageId: 'libvirtCannotRaise' as const }),
        evidence: [...lines.slice(0, 3).map((l) => l.evidence), ...said.slice(0, 2).map((q) => q.evidence), ...qemuSaid.slice(0, 1).map((q) => q.evidence)],
        fixes: [
          {
            id: `${ID}/limits`,
            title: tr('Raise the locked-memory limit for the user that runs QEMU', '为运行 QEMU 的用户调高锁定内存上限'),
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [tr('Applies at the next login; a systemd service needs LimitMEMLOCK=infinity in its unit instead.', '下次登录时生效；systemd 服务则要在它的 unit 里设置 LimitMEMLOCK=infinity。')],
            steps: [
              createFile(host, '/etc/security/limits.d/90-vfio-memlock.conf', '# vfio-doctor: VFIO pins all guest RAM\n@kvm soft memlock unlimited\n@kvm hard memlock unlimited\n', tr('Let members of the kvm group lock guest memory', '允许 kvm 组的成员锁定虚拟机内存')),
              { kind: 'manual', description: tr('Make sure the user that runs QEMU is in the kvm group (sudo usermod -aG kvm USER), or run the VM through libvirt (qemu:///system), which sets the limit itself. For QEMU started from a systemd unit, add LimitMEMLOCK=infinity to [Service].', '确认运行 QEMU 的用户在 kvm 组里（sudo usermod -aG kvm USER），或者通过 libvirt（qemu:///system）运行虚拟机，它会自己设置这个上限。由 systemd unit 启动的 QEMU，在 [Service] 里加上 LimitMEMLOCK=infinity。') },
              { kind: 'verify', description: tr('In a new login shell, ulimit -l prints unlimited', '在新的登录 shell 里，ulimit -l 输出 unlimited'), argv: ['sh', '-c', 'ulimit -l'], expect: 'unlimited' },
            ],
          },
        ],
      },
    ];
  },
});
