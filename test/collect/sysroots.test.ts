// Every sysroot fixture gives the expected findings, and its bundle round-trips to the same findings.
import { describe, it, expect } from 'vitest';
import { collectHost } from '../../src/collect/index';
import { writeBundle } from '../../src/collect/bundle';
import { identity } from '../../src/collect/identity';
import { sysrootIO } from '../../src/collect/sysroot-io';
import { diagnose } from '../../src/index';
import { kindOfSource } from '../../src/parse/source-kind';
import { fixturePath } from '../harness';
import type { Report } from '../../src/schema/report';

const summary = (r: Report) => r.findings.map((f) => `${f.severity}:${f.id}${f.rootCause ? `<${f.rootCause}` : ''}`).sort();

const CASES: { name: string; expect: string[]; bootLoader: string | null; initramfs: string | null; targets: string[]; iommu: string }[] = [
  {
    name: 'seed-identical-3090ti',
    expect: ['error:identical-gpus-id-collision', 'warning:vm-functions-split'],
    bootLoader: 'grub',
    initramfs: 'initramfs-tools',
    targets: ['0000:01:00.0'],
    iommu: 'active',
  },
  {
    name: 'amd-nvidia-bound',
    expect: ['error:gpu-bound-to-host-driver', 'error:group-not-viable<gpu-bound-to-host-driver', 'warning:vfio-pci-not-loaded<gpu-bound-to-host-driver', 'info:amd-iommu-on-noop', 'info:iommu-pt-mode', 'info:vga-arbitration'],
    bootLoader: 'grub',
    initramfs: 'mkinitcpio',
    targets: ['0000:01:00.0'],
    iommu: 'active',
  },
  {
    name: 'proxmox-systemd-boot',
    expect: ['error:gpu-bound-to-host-driver', 'error:group-not-viable<gpu-bound-to-host-driver', 'warning:cmdline-config-drift'],
    bootLoader: 'proxmox-boot-tool',
    initramfs: 'initramfs-tools',
    targets: ['0000:01:00.0'],
    iommu: 'active',
  },
  {
    name: 'ubuntu-builtin-vfio',
    expect: ['warning:vfio-pci-builtin-modprobe-ignored', 'error:gpu-bound-to-host-driver<vfio-pci-builtin-modprobe-ignored', 'error:group-not-viable<gpu-bound-to-host-driver', 'info:iommu-pt-mode'],
    bootLoader: 'grub',
    initramfs: 'initramfs-tools',
    targets: ['0000:01:00.0'],
    iommu: 'active',
  },
  { name: 'healthy-rx6800', expect: ['info:iommu-pt-mode'], bootLoader: 'grub', initramfs: 'initramfs-tools', targets: ['0000:03:00.0'], iommu: 'active' },
  // The VM side (issue 18): the healthy-rx6800 host with a libvirt domain or a Proxmox VM, each with a problem and clean.
  { name: 'libvirt-vm-split-slots', expect: ['warning:vm-functions-split', 'info:iommu-pt-mode'], bootLoader: 'grub', initramfs: 'initramfs-tools', targets: ['0000:03:00.0'], iommu: 'active' },
  { name: 'libvirt-vm-healthy', expect: ['info:iommu-pt-mode'], bootLoader: 'grub', initramfs: 'initramfs-tools', targets: ['0000:03:00.0'], iommu: 'active' },
  { name: 'proxmox-vm-pcie-on-i440fx', expect: ['error:vm-pcie-on-i440fx', 'info:vm-xvga-with-ovmf', 'info:iommu-pt-mode'], bootLoader: 'grub', initramfs: 'initramfs-tools', targets: ['0000:03:00.0'], iommu: 'active' },
  { name: 'proxmox-vm-healthy', expect: ['info:iommu-pt-mode'], bootLoader: 'grub', initramfs: 'initramfs-tools', targets: ['0000:03:00.0'], iommu: 'active' },
  {
    name: 'virtual-machine',
    expect: ['error:running-inside-vm', 'error:cpu-virt-ext-absent<running-inside-vm', 'error:iommu-groups-absent<running-inside-vm', 'error:kvm-unavailable<cpu-virt-ext-absent'],
    bootLoader: 'grub',
    initramfs: null,
    targets: [],
    iommu: 'inactive',
  },
];

describe('sysroot fixtures', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const root = fixturePath(`sysroots/${c.name}`);
      it('gives the expected findings and host facts', async () => {
        const sources = await collectHost({ root });
        const r = diagnose(sources, { source: { kind: 'sysroot', path: root }, live: true });
        expect(summary(r)).toEqual([...c.expect].sort());
        expect(r.host.bootLoader.value).toBe(c.bootLoader);
        expect(r.host.initramfs.value).toBe(c.initramfs);
        expect(r.targets.gpus).toEqual(c.targets);
        expect(r.host.iommu).toBe(c.iommu);
        for (const f of r.findings) expect(f.evidence.length).toBeGreaterThan(0);
      });

      it('round-trips through a redacted support bundle to the same findings', async () => {
        const io = sysrootIO(root);
        const sources = await collectHost({ root, io });
        const live = diagnose(sources, { live: true });
        const bundle = writeBundle(sources, { version: 'test', now: new Date(0), redact: true, redactOptions: await identity(io) });
        const again = diagnose([{ source: 'pasted text', text: bundle }], { live: false });
        expect(summary(again)).toEqual(summary(live));
        expect(again.findings.map((f) => f.devices)).toEqual(live.findings.map((f) => f.devices));
        expect(again.findings.map((f) => f.fixes.map((x) => x.id))).toEqual(live.findings.map((f) => f.fixes.map((x) => x.id)));
        expect(again.host).toEqual(live.host);
        expect(again.unparsed.count).toBe(0);
      });
    });
  }

  it('labels every collected source with the kind its name implies, so a bundle parses the same way', async () => {
    for (const c of CASES) {
      const sources = await collectHost({ root: fixturePath(`sysroots/${c.name}`) });
      for (const s of sources) expect([s.source, kindOfSource(s.source)]).toEqual([s.source, s.kind]);
    }
  });

  it('reports progress for every source, each started before it ends', async () => {
    const events: string[] = [];
    await collectHost({ root: fixturePath('sysroots/seed-identical-3090ti') }, (e) => events.push(`${e.id}:${e.status}`));
    for (const id of ['cmdline', 'cpu', 'pci', 'iommu-groups', 'kernel-log', 'configs', 'host']) {
      const start = events.indexOf(`${id}:started`);
      const end = events.findIndex((x) => x.startsWith(`${id}:`) && !x.endsWith('started'));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
    }
  });
});
