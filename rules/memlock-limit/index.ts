// I2: QEMU hit its locked-memory limit while VFIO pinned guest RAM (non-root QEMU without raised RLIMIT_MEMLOCK).
import { defineRule } from '../../src/engine/rule';
import { createFile } from '../../src/engine/fixes/file-steps';

const ID = 'memlock-limit';
// drivers/vfio/vfio_iommu_type1.c: pr_warn("%s: RLIMIT_MEMLOCK (%ld) exceeded\n", __func__, limit << PAGE_SHIFT) — bytes.
const LINE = /vfio_pin_pages_remote: RLIMIT_MEMLOCK \((\d+)\) exceeded/;

const pinned = (what: string) =>
  `VFIO could not pin the guest's memory: ${what}, but device assignment pins all guest RAM. libvirt raises the limit itself for <hostdev> guests (qemu:///system); a hand-started or session QEMU needs a higher limit for its user.`;

const size = (bytes: number) => (bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`);

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
    messages: {
      limit: ({ bytes }: { bytes: number }) => pinned(`the QEMU process may lock only ${bytes} bytes (${size(bytes)})`),
      libvirtCannotRaise: () =>
        pinned("libvirt was not allowed to raise the QEMU process's locked-memory limit (it lacks CAP_SYS_RESOURCE: a session libvirt, or libvirt in a container)"),
    },
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
            title: 'Raise the locked-memory limit for the user that runs QEMU',
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: ['Applies at the next login; a systemd service needs LimitMEMLOCK=infinity in its unit instead.'],
            steps: [
              createFile(host, '/etc/security/limits.d/90-vfio-memlock.conf', '# vfio-doctor: VFIO pins all guest RAM\n@kvm soft memlock unlimited\n@kvm hard memlock unlimited\n', 'Let members of the kvm group lock guest memory'),
              { kind: 'manual', description: 'Make sure the user that runs QEMU is in the kvm group (sudo usermod -aG kvm USER), or run the VM through libvirt (qemu:///system), which sets the limit itself. For QEMU started from a systemd unit, add LimitMEMLOCK=infinity to [Service].' },
              { kind: 'verify', description: 'In a new login shell, ulimit -l prints unlimited', argv: ['sh', '-c', 'ulimit -l'], expect: 'unlimited' },
            ],
          },
        ],
      },
    ];
  },
});
