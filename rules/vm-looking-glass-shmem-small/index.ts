// The Looking Glass shared memory (<shmem name='looking-glass'>) is smaller than a 1080p frame pair needs.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'vm-looking-glass-shmem-small';
const MiB = 2 ** 20;

/**
 * Looking Glass doc/install.rst "Determining Memory": width x height x 4 x 2 bytes, in MiB, + 10 MiB, rounded up to
 * the next power of two (1920x1080: 15.82 + 10 = 25.82 → 32 MiB).
 */
export function lookingGlassMiB(width: number, height: number): number {
  const need = (width * height * 4 * 2) / MiB + 10;
  return 2 ** Math.ceil(Math.log2(need));
}

const RESOLUTIONS: [string, number, number][] = [
  ['1080p', 1920, 1080],
  ['1440p', 2560, 1440],
  ['4K', 3840, 2160],
];

export const messages = {
  small: ({ vm, size, need }: { vm: string; size: number; need: string[] }) =>
    `${vm} gives Looking Glass ${size} MiB of shared memory (<shmem name='looking-glass'>), less than a 1920x1080 desktop needs. Its size must hold two frames of the guest's largest resolution plus 10 MiB, rounded up to a power of two: ${need.join(', ')}. Too small, the Looking Glass host in the guest cannot fit its frames and fails to start capturing.`,
};

// No resolution is in the input: 1080p, the smallest common desktop, is assumed, so this is a note.
export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Looking Glass shared memory too small',
    severity: 'info',
    category: 'config',
    summary: 'The ivshmem device Looking Glass uses is smaller than two frames of a 1080p desktop plus 10 MiB (32 MiB).',
    docs: ['https://looking-glass.io/docs/stable/install/#determining-memory', 'https://libvirt.org/formatdomain.html#shared-memory-device'],
    keywords: ['looking glass', 'shmem', 'ivshmem', 'shared memory', 'resolution', 'kvmfr'],
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    const need1080 = lookingGlassMiB(1920, 1080);
    for (const vm of vmsOf(host)) {
      const sh = (vm.shmems ?? []).find((s) => s.name === 'looking-glass' && s.sizeBytes !== undefined);
      if (!sh || sh.sizeBytes! >= need1080 * MiB) continue;
      const size = sh.sizeBytes! / MiB;
      out.push({
        messageId: 'small',
        data: { vm: vmLabel(vm), size: +size.toFixed(2), need: RESOLUTIONS.map(([n, w, h]) => `${n} ${lookingGlassMiB(w, h)} MiB`) },
        evidence: [sh.evidence],
        fixes: [
          {
            id: `${ID}/size`,
            title: tr('Give Looking Glass enough shared memory', '给 Looking Glass 足够的共享内存'),
            recommended: true,
            needsReboot: false,
            needsInitramfs: false,
            warnings: [tr('The size takes effect at the next start of the VM; with the kvmfr module, its static_size_mb must match too.', '新大小在虚拟机下次启动时生效；使用 kvmfr 模块时，它的 static_size_mb 也要相应修改。')],
            steps: [
              {
                kind: 'manual',
                description: tr(
                  `virsh edit ${vm.name ?? 'NAME'}: in <shmem name='looking-glass'> set <size unit='M'>${need1080}</size> for 1080p (64 for 1440p, 128 for 4K).`,
                  `virsh edit ${vm.name ?? 'NAME'}：在 <shmem name='looking-glass'> 中设置 <size unit='M'>${need1080}</size>（1080p；1440p 用 64，4K 用 128）。`,
                ),
              },
            ],
          },
        ],
      });
    }
    return out;
  },
});
