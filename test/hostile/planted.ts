// Planted secrets: a sysroot and a paste holding one of each kind of identifying data redaction must remove.
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fixturePath } from '../harness';

/** A kind of secret and the strings that must not survive redaction (matched case-insensitively). */
export interface Planted {
  kind: string;
  secrets: string[];
}

const MID = '4f8e2a1b9c3d4e5f6a7b8c9d0e1f2a3b';

export const PLANTED: Planted[] = [
  { kind: 'host name', secrets: ['deskbox'] },
  { kind: 'host name in upper case', secrets: ['DESKBOX'] },
  { kind: 'FQDN (domain of the host)', secrets: ['example.lan'] },
  { kind: 'host name in a section line (file name)', secrets: ['Deskbox.conf'] },
  { kind: 'syslog host field of another name', secrets: ['oldbox'] },
  { kind: 'cloud host name', secrets: ['ip-10-0-1-23', 'ec2.internal'] },
  { kind: 'user name in a file name', secrets: ['alice-vfio'] },
  { kind: 'user found only as a home folder', secrets: ['carol'] },
  { kind: 'user in /run/media', secrets: ['erin'] },
  { kind: 'user in /media', secrets: ['frank'] },
  { kind: 'e-mail address', secrets: ['dave.jones@', 'mail.example.org'] },
  { kind: 'user name as an e-mail local part', secrets: ['alice@example.com'] },
  { kind: 'MAC (colons)', secrets: ['9c:6b:00:12:34:56'] },
  { kind: 'MAC (hyphens)', secrets: ['9c-6b-00-12-34-57'] },
  { kind: 'MAC (Cisco dots)', secrets: ['9c6b.0012.3458'] },
  { kind: 'MAC (bare 12 hex)', secrets: ['9c6b00123459'] },
  { kind: 'MAC in an enx interface name', secrets: ['9c6b0012345a'] },
  { kind: 'MAC in a wlx interface name', secrets: ['0013ef7a8b9c'] },
  { kind: 'disk serial in a /dev/disk/by-id name', secrets: ['S6PTNX0R123456'] },
  { kind: 'disk serial in a "serial X" form', secrets: ['S5GXNX0T654321'] },
  { kind: 'serial in a "Serial Number:" form', secrets: ['WD-WX12A3456789'] },
  { kind: 'machine-id', secrets: [MID] },
  { kind: 'Wi-Fi SSID (NetworkManager connection)', secrets: ['HomeNet-5G'] },
  { kind: 'Wi-Fi SSID (SSID: / wpa_supplicant)', secrets: ['CafeGuest', 'Netgear42'] },
  { kind: 'cloud instance id', secrets: ['i-0abc123def4567890'] },
  { kind: 'cloud account id', secrets: ['123456789012'] },
  { kind: 'UUID', secrets: ['3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d'] },
  { kind: 'IPv4 address', secrets: ['192.168.1.20'] },
  { kind: 'IPv6 address', secrets: ['2001:db8:85a3::8a2e:370:7334'] },
  { kind: 'DMI serial', secrets: ['PF2XK9LM'] },
  { kind: 'VM name (domain file, <name>, log, -name guest=)', secrets: ['gaming-rig'] },
];

// A libvirt domain and its log's start record, naming the VM the ways libvirt does (issue 18).
const DOMAIN = [
  "<domain type='kvm'>",
  '  <name>gaming-rig</name>',
  '  <uuid>3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d</uuid>',
  "  <memory unit='KiB'>8388608</memory>",
  '  <os>',
  "    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>",
  "    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>",
  '    <nvram>/var/lib/libvirt/qemu/nvram/gaming-rig_VARS.fd</nvram>',
  '  </os>',
  '  <devices>',
  "    <hostdev mode='subsystem' type='pci' managed='yes'>",
  '      <source>',
  "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
  '      </source>',
  "      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0' multifunction='on'/>",
  '    </hostdev>',
  '  </devices>',
  '</domain>',
];
const DOMAIN_LOG = [
  '2026-11-25 09:20:00.000+0000: starting up libvirt version: 10.0.0, qemu version: 8.2.2, kernel: 6.8.0-45-generic, hostname: deskbox',
  'HOME=/var/lib/libvirt/qemu/domain-1-gaming-rig \\',
  '/usr/bin/qemu-system-x86_64 \\',
  '-name guest=gaming-rig,debug-threads=on \\',
  '-machine pc-q35-8.2,usb=off \\',
  '-m 8192 \\',
  '-msg timestamp=on',
];

/** The kinds with a secret still in `text`. */
export function leaked(text: string): string[] {
  const t = text.toLowerCase();
  return PLANTED.filter((p) => p.secrets.some((s) => (p.kind === 'host name in upper case' ? text.includes(s) : t.includes(s.toLowerCase())))).map((p) => p.kind);
}

// Lines with planted data, each next to a line the bundle keeps (IOMMU, VFIO, GPU), so the log reduction keeps them.
const LOG_PLANTS = [
  'Nov 25 09:14:03 DESKBOX kernel: e1000e 0000:00:1f.6 enx9c6b0012345a: renamed from eth0',
  'Nov 25 09:14:03 deskbox.example.lan kernel: r8169 0000:04:00.0 eth1: RTL8125B, 9c:6b:00:12:34:56, XID 641',
  'Nov 25 09:14:03 oldbox kernel: igb 0000:05:00.0 eth2: MAC 9c-6b-00-12-34-57, mac address 9c6b00123459',
  'Nov 25 09:14:03 ip-10-0-1-23.ec2.internal kernel: bond0: enslaved eno1 hw 9c6b.0012.3458',
  'Nov 25 09:14:03 deskbox kernel: iwlwifi 0000:03:00.0 wlx0013ef7a8b9c: renamed from wlan0',
  'Nov 25 09:14:03 deskbox kernel: EXT4-fs (sda2): mounted /dev/disk/by-id/ata-Samsung_SSD_870_EVO_1TB_S6PTNX0R123456-part2',
  'Nov 25 09:14:03 deskbox kernel: nvme nvme0: Samsung SSD 980 PRO 1TB serial S5GXNX0T654321',
  'Nov 25 09:14:03 deskbox kernel: scsi 2:0:0:0: Serial Number: WD-WX12A3456789',
  `Nov 25 09:14:03 deskbox kernel: systemd[1]: machine-id ${MID}`,
  "Nov 25 09:14:03 deskbox NetworkManager[812]: <info> device (wlp3s0): Activation: starting connection 'HomeNet-5G'",
  "Nov 25 09:14:03 deskbox wpa_supplicant[901]: wlp3s0: Trying to associate with SSID 'CafeGuest'",
  'Nov 25 09:14:03 deskbox kernel: iw: SSID: Netgear42',
  'Nov 25 09:14:03 deskbox cloud-init[700]: instance i-0abc123def4567890 role arn:aws:iam::123456789012:instance-profile/gpu',
  'Nov 25 09:14:03 deskbox kernel: usb-storage: mounted /run/media/erin/STICK and /media/frank/DISK',
  'Nov 25 09:14:03 deskbox sudo[999]: pam_unix(sudo:session): session opened for user carol(uid=1001)',
  'Nov 25 09:14:03 deskbox kernel: mail from Dave <dave.jones@mail.example.org> and alice@example.com',
  'Nov 25 09:14:03 deskbox kernel: nfs: server 192.168.1.20 and 2001:db8:85a3::8a2e:370:7334 not responding',
  'Nov 25 09:14:03 deskbox kernel: DMI: board_serial: PF2XK9LM',
];

/** A copy of a fixture sysroot with one of each planted kind where collect reads it (or where it learns names from). */
export function plantedSysroot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vfd-planted-'));
  cpSync(fixturePath('sysroots/seed-identical-3090ti'), root, { recursive: true, verbatimSymlinks: true });
  const w = (p: string, t: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  };
  w('etc/hostname', 'deskbox\n');
  w('etc/hosts', '127.0.0.1 localhost\n127.0.1.1 deskbox.example.lan deskbox\n');
  w('etc/machine-id', `${MID}\n`);
  w('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n');
  mkdirSync(join(root, 'home/carol'), { recursive: true });
  w('etc/NetworkManager/system-connections/HomeNet-5G.nmconnection', '[connection]\nid=HomeNet-5G\ntype=wifi\n[wifi]\nssid=HomeNet-5G\n');
  w('etc/modprobe.d/alice-vfio.conf', '# set up by alice@example.com\noptions vfio-pci ids=10de:2203,10de:1aef\n');
  w('etc/modprobe.d/Deskbox.conf', 'softdep nvidia pre: vfio-pci\n');
  w(`boot/loader/entries/${MID}-6.8.0-45-generic.conf`, `title Ubuntu\nlinux /${MID}/6.8.0-45-generic/linux\noptions root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro intel_iommu=on\n`);
  w('etc/libvirt/qemu/gaming-rig.xml', `${DOMAIN.join('\n')}\n`);
  w('var/log/libvirt/qemu/gaming-rig.log', `${DOMAIN_LOG.join('\n')}\n`);
  appendFileSync(join(root, 'var/log/kern.log'), LOG_PLANTS.flatMap((l) => [l, 'Nov 25 09:14:03 deskbox kernel: DMAR: IOMMU enabled']).join('\n') + '\n');
  return root;
}

/** The same kinds in a paste: prompts, journal lines, command output, a note from the user. */
export const PLANTED_PASTE = [
  'Hi! This is alice (alice@example.com), my box deskbox.example.lan. Mounted /run/media/erin/STICK and /media/frank/DISK, files in /home/carol/vm.',
  'alice@deskbox:~$ cat /proc/cmdline',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=3f1c2d4e-1111-4a2b-9c3d-5e6f7a8b9c0d ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef',
  'alice@deskbox:~$ journalctl -k -b',
  'Nov 25 09:14:02 deskbox kernel: DMAR: IOMMU enabled',
  ...LOG_PLANTS,
  'alice@deskbox:~$ ls /etc/modprobe.d /etc/NetworkManager/system-connections',
  'alice-vfio.conf  Deskbox.conf  HomeNet-5G.nmconnection',
  'alice@deskbox:~$ cat /etc/machine-id',
  MID,
  'alice@deskbox:~$ lspci -nnk',
  '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)',
  '\tKernel driver in use: vfio-pci',
  '05:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)',
  '\tKernel driver in use: vfio-pci',
  'alice@deskbox:~$ sudo virsh dumpxml gaming-rig',
  ...DOMAIN,
  'carol and frank say thanks; dave.jones@mail.example.org too.',
].join('\n');
