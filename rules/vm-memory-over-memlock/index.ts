// Guest memory above the memory-lock limit QEMU gets: VFIO pins all guest RAM, so the VM fails to start or map its devices.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { vmsOf, vmLabel } from '../../src/vm/host-view';
import { sizeWords } from '../../src/vm/vm-facts';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'vm-memory-over-memlock';
const GiB_KiB = 1024 * 1024;
// drivers/vfio/vfio_iommu_type1.c vfio_pin_pages_remote(): pr_warn("%s: RLIMIT_MEMLOCK (%ld) exceeded\n", …, limit << PAGE_SHIFT).
const LINE = /vfio_pin_pages_remote: RLIMIT_MEMLOCK \((\d+)\) exceeded/;
// libvirt sets the QEMU process's limit itself for domains with hostdevs (qemuDomainGetMemLockLimitBytes); Proxmox
// starts QEMU as root, which has CAP_IPC_LOCK, and vfio_iommu_type1 does not count pages for a task with it
// (dma->lock_cap). Only a QEMU started some other way (by hand, a script, a user unit) is held to a user's limit.
const SETS_ITS_OWN = new Set<string>(['libvirt', 'proxmox']);

export const messages = {
  hardLimit: ({ vm, memory, limit, short }: { vm: string; memory: string; limit: string; short: boolean }) =>
    `${vm} has ${memory} of memory and a <memtune><hard_limit> of ${limit}. With a hard limit set, libvirt uses it as the QEMU process's locked-memory limit instead of its own (memory + 1 GiB for a VM with passed devices), and VFIO must lock all guest memory: ${short ? 'the limit is below the guest memory, so mapping it fails ("vfio_pin_pages_remote: RLIMIT_MEMLOCK exceeded", QEMU "VFIO_MAP_DMA failed: Cannot allocate memory") and the VM does not start' : 'the limit leaves QEMU less than the 1 GiB libvirt itself allows beyond guest memory (ROM and BAR mappings, the QEMU process); the VM may fail to start or to map a device'}.`,
  overLimit: ({ vm, memory, limit }: { vm: string; memory: string; limit: string }) =>
    `${vm} has ${memory} of memory, but the QEMU process may lock only ${limit} (the kernel's RLIMIT_MEMLOCK line): VFIO pins all guest memory, so it needs a locked-memory limit of at least ${memory} plus QEMU's own share. This QEMU is not started by libvirt or Proxmox, which set the limit themselves.`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Guest memory above the locked-memory limit',
    severity: 'error',
    category: 'resources',
    summary: 'VFIO locks all guest RAM: a VM whose memory exceeds the memory-lock limit QEMU gets (a libvirt <memtune><hard_limit>, or a hand-started QEMU’s RLIMIT_MEMLOCK) cannot map its memory for the device.',
    docs: ['https://libvirt.org/formatdomain.html#memory-tuning', 'https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['memlock', 'hard_limit', 'memtune', 'rlimit_memlock', 'locked memory', 'vfio_dma_map', 'cannot allocate memory'],
    consequenceOf: ['memlock-limit'],
    reads: { log: [LINE] },
    messages,
    zh,
  },
  check(host) {
    const out: DraftOf<typeof messages>[] = [];
    const logged = host.log(LINE);
    const limitBytes = logged.length ? Number(LINE.exec(logged[0]!.message)![1]) : undefined;
    for (const vm of vmsOf(host)) {
      const mem = vm.memoryKiB?.value;
      if (!vm.hostdevs.length || mem === undefined) continue;
      if (vm.kind === 'libvirt' && vm.hardLimitKiB) {
        // tests/qemumemlocktest.c: hardlimit (+locked, +hostdev) → the hard limit; hostdev alone → memory + 1 GiB.
        const hl = vm.hardLimitKiB.value;
        if (hl >= mem + GiB_KiB) continue;
        out.push({
          severity: hl < mem ? 'error' : 'warning',
          messageId: 'hardLimit',
          data: { vm: vmLabel(vm), memory: sizeWords(mem * 1024), limit: sizeWords(hl * 1024), short: hl < mem },
          evidence: [vm.hardLimitKiB.evidence, vm.memoryKiB!.evidence],
          devices: vm.hostdevs.map((h) => h.bdf),
          fixes: [
            {
              id: `${ID}/hard-limit`,
              title: tr('Raise or remove the memory hard limit', '提高或删除内存硬限制'),
              recommended: true,
              needsReboot: false,
              needsInitramfs: false,
              warnings: [tr('Takes effect at the next start of the VM.', '虚拟机下次启动时生效。')],
              steps: [
                { kind: 'command', argv: ['virsh', 'memtune', vm.name ?? 'NAME', '--hard-limit', String(mem + GiB_KiB), '--config'], description: tr(
                    `Set the hard limit to the guest memory plus 1 GiB (${sizeWords((mem + GiB_KiB) * 1024)}), what libvirt would use without one`,
                    `把硬限制设为虚拟机内存加 1 GiB（${sizeWords((mem + GiB_KiB) * 1024)}），即没有硬限制时 libvirt 自己使用的值`,
                  ), root: true },
                { kind: 'manual', description: tr(`Or remove <hard_limit> from <memtune> (virsh edit ${vm.name ?? 'NAME'}): libvirt then sets the lock limit itself.`, `或者从 <memtune> 中删除 <hard_limit>（virsh edit ${vm.name ?? 'NAME'}）：libvirt 会自己设置锁定内存限制。`) },
              ],
            },
          ],
        });
      } else if (!SETS_ITS_OWN.has(vm.kind) && !SETS_ITS_OWN.has((vm as { manager?: string }).manager ?? '') && limitBytes !== undefined && limitBytes < mem * 1024) {
        const ev: Evidence[] = [logged[0]!.evidence, vm.memoryKiB!.evidence];
        out.push({
          messageId: 'overLimit',
          data: { vm: vmLabel(vm), memory: sizeWords(mem * 1024), limit: sizeWords(limitBytes) },
          evidence: ev,
          devices: vm.hostdevs.map((h) => h.bdf),
          fixes: [
            {
              id: `${ID}/limit`,
              title: tr('Give the QEMU process a locked-memory limit above the guest memory', '给 QEMU 进程设置高于虚拟机内存的锁定内存限制'),
              recommended: true,
              needsReboot: false,
              needsInitramfs: false,
              warnings: [],
              steps: [
                {
                  kind: 'manual',
                  description: tr(
                    `Start QEMU with a limit of at least ${sizeWords(mem * 1024 + 2 ** 30)}: prlimit --memlock=unlimited:unlimited qemu-system-x86_64 … (as root), LimitMEMLOCK=infinity in its systemd unit, or a memlock line for its user in /etc/security/limits.d/ (see memlock-limit).`,
                    `启动 QEMU 时给它至少 ${sizeWords(mem * 1024 + 2 ** 30)} 的限制：以 root 运行 prlimit --memlock=unlimited:unlimited qemu-system-x86_64 …，或在它的 systemd 单元中设置 LimitMEMLOCK=infinity，或在 /etc/security/limits.d/ 中为它的用户加一行 memlock（见 memlock-limit）。`,
                  ),
                },
              ],
            },
          ],
        });
      }
    }
    return out;
  },
});
