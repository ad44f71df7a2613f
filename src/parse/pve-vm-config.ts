// Proxmox VE VM configuration (`qm config VMID`, /etc/pve/qemu-server/VMID.conf): which host devices a VM is given.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { normalizeBdf } from '../pci/bdf';
import type { Vm } from '../schema/vm';
import { machineFamily } from '../vm/machine';
import { tr } from '../i18n/lang';
import { readQemuArgs, shellWords } from '../vm/qemu-args';

// PVE/QemuServer/PCI.pm $hostpci_fmt: `hostpci[n]: [[host=]HOSTPCIID[;HOSTPCIID2...]] [,mapping=ID] [,pcie=1]
// [,x-vga=1] [,legacy-igd=1] [,rombar=0] [,romfile=F] [,mdev=T] …`; $PCIRE is (?:xxxx:)?bb:dd(?:.f)?, a slot without a
// function passes every function of the card.
const HOSTPCI = /^hostpci(\d+):\s*(\S+)$/;
const PCI_ID = /^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}(?:\.[0-7])?$/i;

/**
 * A hostpciN value's parts: the ids of its `host` list (written with or without `host=`, none when the entry names a
 * resource mapping instead) and the options after it, each as written.
 */
export function hostpciParts(value: string): { ids: string[]; named: boolean; options: string[] } {
  const [first = '', ...options] = value.split(',');
  const named = first.startsWith('host=');
  const host = named ? first.slice(5) : first;
  return { ids: host.includes('=') ? [] : host.split(';'), named, options };
}

// Keys `qm config` prints (PVE/QemuServer.pm $confdesc, numbered devices as KEYn), so a pasted config is read
// whole. A line "key: value" with another key is not this parser's.
const KEY =
  /^(?:acpi|affinity|agent|amd-sev|arch|args|audio0|autostart|balloon|bios|boot|bootdisk|cdrom|cicustom|cipassword|citype|ciupgrade|ciuser|cores|cpu|cpulimit|cpuunits|description|digest|efidisk0|freeze|hookscript|hostpci\d+|hotplug|hugepages|ide\d+|ipconfig\d+|ivshmem|keephugepages|keyboard|kvm|localtime|lock|machine|memory|meta|migrate_downtime|migrate_speed|name|nameserver|net\d+|numa|numa\d+|onboot|ostype|parallel\d+|parent|protection|reboot|rng0|sata\d+|scsi\d+|scsihw|searchdomain|serial\d+|shares|smbios1|smp|snaptime|sockets|spice_enhancements|sshkeys|startdate|startup|tablet|tags|tdf|template|tpmstate0|unused\d+|usb\d+|vcpus|vga|virtio\d+|virtiofs\d+|vmgenid|vmstatestorage|watchdog):[ \t]/;
// Lines only a Proxmox VM config has: a pasted config is recognised from any of them without a prompt (`qm config`
// sorts its keys, so "agent" and "args" are often the first).
const DISTINCT = /^(?:hostpci\d+: \S|agent: [01](?:,\S*)?$|args: -|bios: (?:ovmf|seabios)$|boot: order=|scsihw: |vmgenid: [0-9a-f-]{36}$|smbios1: uuid=|efidisk0: |tpmstate0: |meta: creation-qemu=|machine: (?:q35|pc|pc-(?:q35|i440fx)-[\d.+a-z]+)(?:,\S*)?$)/;
// "#free text" is the VM's description; "[snapshot]" starts a snapshot's section of the same keys.
const OTHER = /^(?:#|\[[\w-]+\]$)/;

export const pveVmConfigParser: Parser = {
  kind: 'pve-vm-config',
  starts: (text) => DISTINCT.test(text.trim()),
  continues: (text) => KEY.test(text.trim()) || OTHER.test(text.trim()),
  claims: (text) => KEY.test(text.trim()) || OTHER.test(text.trim()),
  parse(lines: Line[], b, sectionSource) {
    const bad: Line[] = [];
    const assigned: string[] = [];
    const first = lines.find((l) => l.text.trim());
    const vm: Vm | undefined = first ? { kind: 'proxmox', complete: false, hostdevs: [], evidence: evidenceOf(first) } : undefined;
    // The VMID is the file's name (/etc/pve/qemu-server/ID.conf) or `qm config ID`'s argument; the config never says it.
    const id = /(?:qemu-server\/|\bqm\s+config\s+(?:--?\S+\s+)*)(\d+)\b/.exec(sectionSource ?? first?.source ?? '')?.[1];
    if (vm && id) vm.vmid = id;
    let inSnapshot = false;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      // "[name]" starts a snapshot's copy of the keys: the VM as it runs is the part before the first one.
      if (/^\[[\w-]+\]$/.test(t)) inSnapshot = true;
      if (vm && !inSnapshot) readVmKey(vm, t, l);
      const h = HOSTPCI.exec(t);
      if (h) {
        const parts = hostpciParts(h[2]!);
        const mapping = h[2]!.split(',').find((o) => o.startsWith('mapping='))?.slice(8);
        const ids = parts.ids.filter((x) => PCI_ID.test(x));
        const flags = parts.options.filter((o) => /^(?:pcie|x-vga|legacy-igd|rombar)=/.test(o) || o.startsWith('mdev='));
        if (!ids.length && !mapping) {
          bad.push(l);
          continue;
        }
        // Which device this is (its class, its driver) is not said here: the devices are intent (facts/intent.ts reads
        // them from the raw text), not host facts.
        const named = ids.map((id) => {
          const bdf = normalizeBdf(id.includes('.') ? id : `${id}.0`);
          return id.includes('.') ? (bdf ?? id) : `${bdf ? bdf.slice(0, -2) : id} (every function)`;
        });
        assigned.push(`hostpci${h[1]}: ${[...named, ...(mapping ? [`resource mapping "${mapping}"`] : [])].join(', ')}${flags.length ? ` (${flags.join(', ')})` : ''}`);
        continue;
      }
      if (!KEY.test(t) && !OTHER.test(t)) bad.push(l);
    }
    if (vm) finishVm(vm);
    if (vm && (vm.complete || vm.hostdevs.length)) b.addVm(vm);
    if (assigned.length)
      b.note(
        tr(
          `A Proxmox VM configuration assigns ${assigned.join('; ')}: the VM is meant to get ${assigned.length === 1 ? 'this device' : 'these devices'}.`,
          `一份 Proxmox 虚拟机配置分配了 ${assigned.join(';')}:这台虚拟机要使用${assigned.length === 1 ? '这个设备' : '这些设备'}。`,
        ),
      );
    return bad;
  },
};

// Keys that only a whole `qm config` has (a grep for hostpci has none): then a missing machine/bios means the default.
const WHOLE = /^(?:boot|smbios1|vmgenid|meta|ostype|scsihw|memory|cores|sockets):/;

/**
 * One config line into the VM model. Defaults per qemu-server's $confdesc (PVE/QemuServer.pm): machine absent → "pc"
 * (i440fx); bios absent → seabios; memory in MiB; hugepages any|2|1024 (MiB pages). cpu's hidden=1 and hv-vendor-id=
 * are the CPU options PVE/QemuServer/CPUConfig.pm defines for Code 43.
 */
function readVmKey(vm: Vm, t: string, l: Line): void {
  const m = /^([\w-]+):\s*(.*)$/.exec(t);
  if (!m) return;
  const [key, value] = [m[1]!, m[2]!.trim()];
  const ev = evidenceOf(l);
  if (WHOLE.test(t)) vm.complete = true;
  if (key === 'name') vm.name = value;
  else if (key === 'vga') vm.vga = { value: /^(?:type=)?([^,]+)/.exec(value)?.[1] ?? value, evidence: ev };
  else if (key === 'onboot') vm.autostart = { value: bool(value) ?? false, evidence: ev };
  else if (key === 'smbios1') {
    const u = /(?:^|,)uuid=([0-9a-f-]{36})/i.exec(value)?.[1];
    if (u) vm.uuid = u;
  } else if (key === 'args') {
    // Extra QEMU arguments, passed as written (qemu-server appends them to the command line): -cpu …,kvm=off, -device vfio-pci….
    vm.extraArgs = { value, evidence: ev };
    readQemuArgs(vm, shellWords(value).map((text) => ({ text, ev })), false);
  }
  else if (key === 'machine') {
    const type = /^(?:type=)?([^,]+)/.exec(value)?.[1] ?? value;
    vm.machine = { value: { type, family: machineFamily(type) }, evidence: ev };
  } else if (key === 'bios' && (value === 'ovmf' || value === 'seabios')) vm.firmware = { value, evidence: ev };
  else if (key === 'memory') {
    const mib = /^(?:current=)?(\d+)/.exec(value)?.[1];
    if (mib) vm.memoryKiB = { value: Number(mib) * 1024, evidence: ev };
  } else if (key === 'hugepages') vm.hugepages = { value: { on: true, pageKiB: value === '2' ? 2048 : value === '1024' ? 1024 * 1024 : undefined }, evidence: ev };
  else if (key === 'cpu') {
    if (/(?:^|,)hidden=1\b/.test(value)) vm.kvmHidden = { value: true, evidence: ev };
    const vid = /(?:^|,)hv-vendor-id=([^,]+)/.exec(value)?.[1];
    if (vid) vm.hypervVendorId = { value: vid, evidence: ev };
  } else if (/^hostpci\d+$/.test(key)) {
    const { ids, options } = hostpciParts(value);
    const flag = (k: string) => options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1);
    for (const id of ids.filter((x) => PCI_ID.test(x))) {
      const bdf = normalizeBdf(id.includes('.') ? id : `${id}.0`);
      if (!bdf) continue;
      const xvga = bool(flag('x-vga'));
      const rom = flag('romfile');
      vm.hostdevs.push({
        bdf,
        allFunctions: !id.includes('.') || undefined,
        pcie: bool(flag('pcie')),
        xVga: xvga === undefined ? undefined : { value: xvga, evidence: ev },
        romBar: bool(flag('rombar')),
        // PCI.pm: "romfile=/usr/share/kvm/$d->{romfile}" — a relative name is looked up there.
        romFile: rom === undefined ? undefined : rom.startsWith('/') ? rom : `/usr/share/kvm/${rom}`,
        evidence: ev,
      });
    }
  }
}

/** Proxmox's booleans (PVE::JSONSchema parse_boolean): 1/0, on/off, yes/no, true/false. */
function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return /^(?:1|on|yes|true)$/i.test(v) ? true : /^(?:0|off|no|false)$/i.test(v) ? false : undefined;
}

/**
 * What qemu-server adds on its own: x-vga=1 on a hostpci makes it start QEMU with "-cpu …,kvm=off" (PCI.pm
 * print_hostpci_devices sets $kvm_off; CPUConfig.pm get_cpu_options pushes 'kvm=off'), the hidden state libvirt spells
 * <hidden state='on'/>.
 */
function finishVm(vm: Vm): void {
  const xvga = vm.hostdevs.find((h) => h.xVga?.value);
  if (xvga && !vm.kvmHidden) vm.kvmHidden = { value: true, evidence: xvga.xVga!.evidence };
}
