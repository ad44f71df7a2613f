// The bench's large server sysroot (and smaller and larger ones, for growth): generated, seeded and deterministic.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSysroot } from './sysroot-layout.mjs';

export /** Seeded PRNG (mulberry32): the same inputs on every run and every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

export const hex = (n, w) => n.toString(16).padStart(w, '0');

/**
 * A function's PCI configuration header as lspci reads it (include/uapi/linux/pci_regs.h): vendor and device IDs,
 * class (prog-if, subclass, base class), header type (1 for a bridge) and, for type 0, the subsystem IDs at 0x2c.
 */
function configSpace(d) {
  const b = Buffer.alloc(256);
  b.writeUInt16LE(parseInt(d.vendor, 16), 0x00);
  b.writeUInt16LE(parseInt(d.device, 16), 0x02);
  const cls = parseInt(d.class, 16);
  b[0x09] = cls & 0xff;
  b[0x0a] = (cls >> 8) & 0xff;
  b[0x0b] = (cls >> 16) & 0xff;
  const bridge = d.class.startsWith('0604');
  b[0x0e] = bridge ? 1 : 0;
  if (!bridge) {
    const [sv, sd] = (d.subsystem ?? `${d.vendor}:0000`).split(':');
    b.writeUInt16LE(parseInt(sv, 16), 0x2c);
    b.writeUInt16LE(parseInt(sd, 16), 0x2e);
  }
  return b;
}

/**
 * A large server as a sysroot laid out as scripts/make-sysroots.mjs lays out the fixtures (scripts/sysroot-layout.mjs): 8 GPUs (each with its audio
 * function), NVMe drives, NICs with SR-IOV virtual functions, switches and root ports: ~2,000 functions in 500 groups.
 * opts.functions: about that many functions instead (fewer or more NICs, then single-function devices to fill up);
 * opts.config: a 256-byte `config` file per function too, so `lspci -A linux-sysfs` reads the same tree.
 */
export function makeServerSysroot(root, opts = {}) {
  const r = rng(0x5e7fe7);
  const files = {
    '/proc/cmdline': 'BOOT_IMAGE=/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt',
    '/proc/version': 'Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64',
    '/proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc vmx smx est tm2 ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm abm ept vpid avx2 avx512f\n',
    '/proc/modules': ['kvm_intel', 'kvm', 'vfio_pci', 'vfio_pci_core', 'vfio_iommu_type1', 'vfio', 'ice', 'iavf', 'nvme', 'ast'].map((m) => `${m} 65536 0 - Live 0x0000000000000000`).join('\n'),
    '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
    '/etc/hostname': 'big-server',
    '/etc/default/grub': 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"\nGRUB_CMDLINE_LINUX=""\n',
    '/etc/modprobe.d/vfio.conf': 'options vfio-pci ids=10de:2330,10de:22a3\nsoftdep nvidia pre: vfio-pci\n',
    '/etc/initramfs-tools/modules': 'vfio\nvfio_iommu_type1\nvfio_pci\n',
    '/lib/modules/6.8.12-4-pve/modules.builtin': 'kernel/drivers/iommu/intel/iommu.ko\n',
    '/boot/config-6.8.12-4-pve': 'CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\nCONFIG_VFIO=m\nCONFIG_VFIO_PCI=m\n',
    '/proc/iomem': '00000000-00000fff : Reserved\n00001000-0009ffff : System RAM\n',
    '/proc/meminfo': 'MemTotal:       1056000000 kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\n',
    '/sys/class/dmi/id/chassis_type': '23',
    '/sys/class/dmi/id/sys_vendor': 'Supermicro',
    '/sys/class/dmi/id/product_name': 'SYS-821GE-TNHR',
  };
  const pci = [];
  let group = 0;
  const add = (d) => pci.push(d);
  // Root complex and 16 root ports per socket, each port its own group.
  for (let seg = 0; seg < 2; seg++) {
    const bus = seg === 0 ? 0x00 : 0x80;
    add({ bdf: `0000:${hex(bus, 2)}:00.0`, vendor: '8086', device: '09a2', class: '060000', group: group++ });
    for (let p = 1; p <= 16; p++) add({ bdf: `0000:${hex(bus, 2)}:${hex(p, 2)}.0`, vendor: '8086', device: '352a', class: '060400', driver: 'pcieport', group: group++ });
  }
  add({ bdf: '0000:00:1f.0', vendor: '8086', device: '1b81', class: '060100', group: group++ });
  add({ bdf: '0000:00:1f.2', vendor: '8086', device: '1bd2', class: '010601', driver: 'ahci', group: group - 1 });
  add({ bdf: '0000:02:00.0', vendor: '1a03', device: '2000', class: '030000', driver: 'ast', boot_vga: true, group: group++ });
  // 8 GPUs (H100-class) with their audio functions; two bound to vfio-pci, the rest to nvidia.
  for (let g = 0; g < 8; g++) {
    const bus = (g < 4 ? 0x10 : 0x90) + (g % 4) * 8;
    const grp = group++;
    const drv = g < 2 ? 'vfio-pci' : 'nvidia';
    add({ bdf: `0000:${hex(bus, 2)}:00.0`, vendor: '10de', device: '2330', class: '030200', driver: drv, boot_vga: false, group: grp, reset_method: 'flr bus' });
    add({ bdf: `0000:${hex(bus, 2)}:00.1`, vendor: '10de', device: '22a3', class: '040300', driver: drv === 'vfio-pci' ? 'vfio-pci' : 'snd_hda_intel', group: grp });
  }
  // NVMe drives.
  for (let n = 0; n < 24; n++) add({ bdf: `0000:${hex(0x40 + n, 2)}:00.0`, vendor: '144d', device: 'a824', class: '010802', driver: 'nvme', group: group++ });
  // SR-IOV NICs: 14 physical functions with 128 VFs each; VFs behind one PF share groups of six (no ACS below it).
  let vfs = 0;
  const fixed = pci.length;
  const nics = opts.functions === undefined ? 14 : Math.max(0, Math.min(63, Math.floor(((opts.functions - fixed) * 0.9) / 129)));
  for (let n = 0; n < nics; n++) {
    const bus = 0xc0 + n;
    add({ bdf: `0000:${hex(bus, 2)}:00.0`, vendor: '8086', device: '1592', class: '020000', driver: 'ice', group: group++ });
    for (let v = 0; v < 128; v++) {
      const dev = 1 + Math.floor(v / 8);
      const fn = v % 8;
      // VFs sit on the PF's bus, after it.
      if (v % 6 === 0) group++;
      add({ bdf: `0000:${hex(bus, 2)}:${hex(dev, 2)}.${fn}`, vendor: '8086', device: '1889', class: '020000', driver: r.next() < 0.7 ? 'iavf' : 'vfio-pci', group: group - 1 });
      vfs++;
    }
  }
  // Fill up to 500 groups with single-function devices (USB, management, accelerators).
  let extra = 0;
  while (opts.functions === undefined ? group < 500 : pci.length < opts.functions && extra < 2048) {
    add({ bdf: `0001:${hex(extra >> 3, 2)}:00.${extra & 7}`, vendor: '8086', device: '0b25', class: '088000', driver: 'idxd', group: group++ });
    extra++;
  }
  pci.sort((a, b) => (a.bdf < b.bdf ? -1 : 1));

  // A boot's kernel log (about 1 MB): the adds to groups and driver messages of every function, plus noise.
  const log = [];
  let ts = 0;
  const line = (m) => log.push(`Nov 25 08:00:${hex(Math.floor(ts) % 60, 0).padStart(2, '0')} big-server kernel: [${(ts += 0.0007).toFixed(6).padStart(12)}] ${m}`);
  line('Linux version 6.8.12-4-pve (build@proxmox) #1 SMP PREEMPT_DYNAMIC');
  line(`Command line: ${files['/proc/cmdline']}`);
  line('DMAR: IOMMU enabled');
  line('DMAR-IR: Enabled IRQ remapping in x2apic mode');
  for (const d of pci) {
    line(`pci ${d.bdf}: [${d.vendor}:${d.device}] type 00 class 0x${d.class}`);
    line(`pci ${d.bdf}: Adding to iommu group ${d.group}`);
  }
  for (let i = 0; i < 3000; i++) line(r.pick(['usb 1-1: new high-speed USB device number 2 using xhci_hcd', 'ice 0000:a0:00.0: PTP init successful', 'EXT4-fs (dm-1): mounted filesystem', 'audit: type=1400 audit(1700000000.000:1): apparmor="STATUS"']));
  files['/var/log/kern.log'] = log.join('\n');

  // pci.ids of realistic size (the real one is ~1.3 MB): the names of our devices plus generated vendors.
  const ids = ['#\tList of PCI ID\'s (generated for the bench)'];
  const known = { '8086': 'Intel Corporation', '10de': 'NVIDIA Corporation', '144d': 'Samsung Electronics Co Ltd', '1a03': 'ASPEED Technology, Inc.' };
  const vendors = new Map();
  for (const d of pci) {
    if (!vendors.has(d.vendor)) vendors.set(d.vendor, new Set());
    vendors.get(d.vendor).add(d.device);
  }
  for (let v = 0x1000; v < 0x1000 + 2400; v++) {
    const vid = hex(v, 4);
    ids.push(`${vid}  ${known[vid] ?? `Vendor ${vid} Corporation`}`);
    for (let k = 0; k < 8; k++) ids.push(`\t${hex(r.int(0xffff), 4)}  Device model ${k} controller`, `\t\t${hex(r.int(0xffff), 4)} ${hex(r.int(0xffff), 4)}  Subsystem ${k}`);
  }
  for (const [vid, devs] of vendors) {
    ids.push(`${vid}  ${known[vid] ?? vid}`);
    for (const dev of devs) ids.push(`\t${dev}  Device ${dev}`);
  }
  ids.push('C 00  Unclassified device');
  files['/usr/share/misc/pci.ids'] = ids.join('\n');

  // Materialise with the fixtures' layout; every function's subsystem is its vendor's with device 0000.
  buildSysroot(root, {
    files,
    pci: pci.map((d) => ({ ...d, subsystem: `${d.vendor}:0000` })),
    iommu_class: ['dmar0'],
    acpi_tables: ['DMAR', 'FACP'],
    dev_kvm: true,
  });
  if (opts.config) for (const d of pci) writeFileSync(join(root, `sys/devices/pci${d.bdf.slice(0, 7)}/${d.bdf}/config`), configSpace(d));
  return { functions: pci.length, vfs, gpus: 8, groups: group };
}
