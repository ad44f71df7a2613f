// Redaction for support bundles: host name, user names in paths, MACs, serials, UUIDs and IP addresses.
import { tr } from '../i18n/lang';
export interface RedactOptions {
  hostnames?: string[];
  users?: string[];
  /** Wi-Fi network names (NetworkManager connections, wpa_supplicant, iwd). */
  ssids?: string[];
  /** /etc/machine-id and the like: replaced wherever the value appears (a boot entry's file name, a log line). */
  machineIds?: string[];
  /** VM names (libvirt domains, Proxmox "name:"): each replaced by VM-1, VM-2… (in sorted order), the same everywhere. */
  vmNames?: string[];
}

export interface Redacted {
  text: string;
  /** What kinds of data were replaced, for the bundle's header. */
  kinds: Set<string>;
}

/** What redaction looks for, for the notes that say what was checked. */
export const CHECKED =
  'host names (also FQDNs, cloud host names and syslog host fields), VM names, user names, e-mail addresses, MAC addresses, serial numbers (also disk ids), UUIDs, machine ids, Wi-Fi network names, cloud instance and account ids, IP addresses';

/** What redaction replaced, in the reader's language (the bundle's own header keeps the English words: a format). */
const KIND_ZH: Record<string, string> = {
  'host name': '主机名',
  'user names': '用户名',
  'user names in paths': '路径中的用户名',
  'e-mail addresses': '电子邮件地址',
  'MAC addresses': 'MAC 地址',
  'serial numbers': '序列号',
  UUIDs: 'UUID',
  'machine ids': '机器 ID',
  'Wi-Fi network names': 'Wi-Fi 网络名',
  'cloud ids': '云实例与账号 ID',
  'IP addresses': 'IP 地址',
};
export const redactKindLabel = (kind: string): string => tr(kind, KIND_ZH[kind] ?? kind);
/** CHECKED in the reader's language. */
export const checkedLabel = (): string =>
  tr(CHECKED, '主机名（含 FQDN、云主机名和 syslog 主机字段）、用户名、电子邮件地址、MAC 地址、序列号（含磁盘 ID）、UUID、机器 ID、Wi-Fi 网络名、云实例与账号 ID、IP 地址');

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Default host and user names that identify nobody but are also distribution ids the analysis reads
 * (`ID=fedora` in os-release, Fedora's default host name is "fedora"): never replaced.
 */
const GENERIC_NAMES = new Set(['localhost', 'localdomain', 'linux', 'ubuntu', 'debian', 'fedora', 'arch', 'archlinux', 'centos', 'rhel', 'rocky', 'almalinux', 'opensuse', 'suse', 'gentoo', 'manjaro', 'nixos', 'mint', 'kali', 'void', 'proxmox', 'unraid', 'hostname', 'user']);

/**
 * User names that are also words of a diagnosis (modules, vendors, tools, folders): such a user is replaced only
 * where a path says it is a user (/home/NAME), never as a bare word, so "nvidia" or "media" stay readable.
 */
const WORDLIKE_USERS = new Set(['admin', 'test', 'guest', 'media', 'home', 'deck', 'steam', 'gpu', 'vm', 'kvm', 'qemu', 'libvirt', 'nvidia', 'amd', 'intel', 'data', 'share', 'games', 'backup', 'live', 'liveuser', 'nobody', 'vfio', 'pci', 'root', 'system', 'server', 'storage', 'docker', 'boot', 'efi', 'grub', 'kernel', 'modules', 'options', 'blacklist', 'install', 'softdep', 'quiet', 'splash', 'iommu', 'initrd', 'initramfs', 'dracut', 'shared', 'public', 'git', 'iso', 'images', 'vms', 'games', 'work', 'srv', 'opt', 'var', 'usr', 'etc', 'tmp', 'dev', 'sys', 'proc', 'lib', 'bin']);

/** Folders under /media that are mount points, not users (Debian mounts removable media at /media/USER or /media/cdrom). */
export const MOUNT_NAMES = /^(?:cdrom\d*|floppy\d*|usb\d*|dvd\d*|disk\d*|sd[a-z]+\d*|nvme\w*|hd[a-z]\d*|mmcblk\w*|data|backup|storage|media)$/i;

/** Dotted labels after a host name that are a file's extension, not a domain: "HOST.conf" keeps ".conf". */
const FILE_EXT = new Set(['conf', 'cfg', 'log', 'txt', 'xml', 'json', 'yaml', 'yml', 'img', 'efi', 'd', 'service', 'list', 'rules', 'nmconnection', 'psk', 'sh', 'bak', 'old', 'gz', 'xz', 'zst', 'tar', 'md', 'ini', 'pem', 'key', 'crt']);

/** Addresses of distribution build systems and lists: in a kernel's version line, they identify no user. */
const PUBLIC_MAIL = /@(?:[\w-]+\.)*(?:debian\.org|ubuntu\.com|canonical\.com|fedoraproject\.org|redhat\.com|suse\.(?:de|com)|opensuse\.org|archlinux\.org|kernel\.org|proxmox\.com|gentoo\.org|nixos\.org|linuxmint\.com|system76\.com|almalinux\.org|rockylinux\.org|centos\.org)$/i;

// IPv6: the full eight groups, or a "::" form; never "::1" or "::". Not inside a longer token (PCI addresses,
// vendor:device IDs and times have no "::" and fewer than eight groups).
const IPV6 = /(?<![\w:.])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?![\w:])/gi;
const ipv6 = (m: string) => (m === '::' || m === '::1' || m.split(':').filter(Boolean).length > 8 ? m : 'X:X::X');

/** /dev/disk/by-id names: the model and serial after the bus (ata-Samsung_SSD_870_EVO_1TB_S6PT…-part2). */
function byId(m: string, bus: string, rest: string): string {
  // "usb-storage", "nvme-core" and the like are module names: a by-id name has an underscore, or is a wwn/eui id.
  const id = rest.includes('_') || (bus === 'wwn-' && /^0x[0-9a-f]+/i.test(rest)) || (bus === 'nvme-' && /^eui\.[0-9a-f]+/i.test(rest));
  if (!id || rest.startsWith('REDACTED')) return m;
  const part = /-part\d+$/.exec(rest)?.[0] ?? '';
  return `${bus}REDACTED${part}`;
}

// A syslog or journal line's host field: "Nov 25 09:14:02 HOST tag[pid]: …", "2026-11-25T09:14:02+01:00 HOST tag: …".
const SYSLOG_HOST = /^([ \t]*(?:>[ \t]*)*(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT[\d:.]+(?:[+-]\d{2}:?\d{2}|Z)?)[ \t]+)(?!(?:HOSTNAME|localhost)[ \t])([\w][\w.-]{0,62})(?=[ \t]+[\w().@/-]{1,64}(?:\[\d{1,10}\])?:)/gm;

const RULES: [string, RegExp, string | ((m: string, ...g: string[]) => string)][] = [
  ['host name', SYSLOG_HOST, '$1HOSTNAME'],
  // Cloud host names: ip-10-0-1-23, ip-10-0-1-23.ec2.internal, ip-172-31-5-6.eu-west-1.compute.internal, GCE's NAME.c.PROJECT.internal.
  ['host name', /(?<![\w-])ip-\d{1,3}(?:-\d{1,3}){3}(?:\.[a-z0-9-]+)*(?![\w-])/gi, 'HOSTNAME'],
  ['host name', /(?<![\w.-])[a-z0-9-]+\.c\.[a-z0-9-]+\.internal(?![\w-])/gi, 'HOSTNAME'],
  ['e-mail addresses', /(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+(?![\w-])/gi, (m) => (PUBLIC_MAIL.test(m) || /^(?:USER|EMAIL)@HOSTNAME$/.test(m) ? m : 'EMAIL')],
  ['MAC addresses', /(?<![\w:])[0-9a-f]{2}(?::[0-9a-f]{2}){5,19}(?![\w:])/gi, 'XX:XX:XX:XX:XX:XX'],
  ['MAC addresses', /(?<![\w-])[0-9a-f]{2}(?:-[0-9a-f]{2}){5}(?![\w-])/gi, 'XX-XX-XX-XX-XX-XX'],
  ['MAC addresses', /(?<![\w.])[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(?![\w.])/gi, 'XXXX.XXXX.XXXX'],
  // Predictable interface names that are the MAC itself (enx…, wlx…), and a bare 12-digit MAC after a word saying so.
  ['MAC addresses', /\b(enx|wlx)[0-9a-f]{12}\b/gi, '$1XXXXXXXXXXXX'],
  ['MAC addresses', /\b((?:mac|hwaddr|ether|bssid|lladdr|address)[ \t]{0,4}[:=]?[ \t]{0,4})[0-9a-f]{12}\b/gi, '$1XXXXXXXXXXXX'],
  ['UUIDs', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'REDACTED-UUID'],
  // root=UUID=…, PARTUUID=…, short FAT volume ids (ABCD-1234)
  ['UUIDs', /\b((?:PART)?UUID=)[0-9A-Fa-f-]{4,}/g, '$1REDACTED'],
  ['serial numbers', /\b((?:serial(?:[ _-]?(?:number|no\.?|short))?|SerialNumber|product_serial|board_serial|chassis_serial|ID_SERIAL(?:_SHORT)?)[ \t]*[:=][ \t]*)\S+/gi, '$1REDACTED'],
  ['serial numbers', /\b(Device Serial Number\s+)[0-9a-f-]+/gi, '$1REDACTED'],
  ['serial numbers', /(<serial>)[^<\n]{1,128}(<\/serial>)/gi, '$1REDACTED$2'],
  // "serial S5GXNX0T654321": a bare serial after the word, when it looks like one (has a digit, four characters or more).
  ['serial numbers', /\b(serial[ \t]+)(?=[\w-]{0,63}\d)(?!REDACTED)[A-Za-z0-9][\w-]{3,63}\b/gi, '$1REDACTED'],
  ['serial numbers', /(?<![\w.-])(ata-|nvme-|scsi-|usb-|mmc-|sata-|ieee1394-|memstick-|cciss-|wwn-)([\w.:+-]{1,200})/g, byId],
  // A machine id (32 hex digits on its own): /etc/machine-id, systemd-boot entry names, systemd.machine_id=.
  ['machine ids', /(?<![0-9a-zA-Z])[0-9a-f]{32}(?![0-9a-zA-Z])/g, 'MACHINE-ID'],
  // Wi-Fi network names: "SSID: x", "SSID 'x'", ssid="x", NetworkManager connection names and files.
  ['Wi-Fi network names', /\b(ssid(?:[ \t]{0,4}[:=][ \t]{0,4}|[ \t]{1,4}))(?:'[^'\n]{1,64}'|"[^"\n]{1,64}"|(?![:=]|REDACTED\b)[^\s'"]{1,64})/gi, (m, pre: string) => `${pre}${/['"]$/.test(m) ? `${m.at(-1)}REDACTED${m.at(-1)}` : 'REDACTED'}`],
  ['Wi-Fi network names', /(\bconnection ')[^'\n]{1,64}(')/g, '$1REDACTED$2'],
  ['Wi-Fi network names', /(^|[\s/'"=])(?!SSID\.)[^\s/'"=]{1,64}(\.nmconnection\b)/gm, '$1SSID$2'],
  // Cloud ids: EC2 instance ids, and 12-digit account ids in ARNs and "account id" fields.
  ['cloud ids', /\bi-(?:[0-9a-f]{17}|[0-9a-f]{8})\b/g, 'i-REDACTED'],
  ['cloud ids', /(arn:aws[\w-]*:[\w-]*:[\w-]*:)\d{12}(?=:)/g, '$1REDACTED'],
  ['cloud ids', /\b(account[ _-]?(?:id)?["']?[ \t]*[:=][ \t]*["']?)\d{12}\b/gi, '$1REDACTED'],
  // /media/cdrom and the like are mount points, not users.
  ['user names in paths', /(\/home\/|\/Users\/|\/run\/media\/|(?<![\w/])\/media\/)(?!USER(?:[/\s'"]|$))([^/\s'"]+)/g, (m, pre: string, name: string) => (pre === '/media/' && MOUNT_NAMES.test(name) ? m : `${pre}USER`)],
  // Not part of a longer dotted number (a package version 5.15.0.119.119 is not an address).
  ['IP addresses', /(?<!\d\.)\b(?!127\.0\.0\.1\b)(?!0\.0\.0\.0\b)(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b(?!\.\d)/g, 'X.X.X.X'],
  ['IP addresses', IPV6, ipv6],
];

/** A known host name, with the domain labels that follow it (the FQDN), but not a file extension after it. */
function hostPattern(h: string): RegExp {
  return new RegExp(`(?<![\\w-])${esc(h)}((?:\\.[a-z0-9-]{1,63}){0,8})(?![\\w-])`, 'gi');
}
function hostReplace(_m: string, suffix: string): string {
  const labels = suffix.split('.').slice(1);
  const ext = labels.findIndex((l) => FILE_EXT.has(l.toLowerCase()));
  return ext < 0 ? 'HOSTNAME' : `HOSTNAME.${labels.slice(ext).join('.')}`;
}

/**
 * Compile the name patterns once and return a redacting function: a report has thousands of strings, and building a
 * RegExp per name per string cost more than the redaction itself.
 */
export function redactor(opts: RedactOptions = {}): (text: string) => Redacted {
  // Longest first: the FQDN before the short name, so no domain is left behind "HOSTNAME".
  const byLength = (a: string, b: string) => b.length - a.length;
  // Not part of a longer name: the host "pve" is not the kernel flavour in "6.8.12-4-pve" nor "pve-manager".
  const hosts = [...new Set((opts.hostnames ?? []).map((h) => h.trim()))]
    .filter((h) => h && h.length > 1 && !GENERIC_NAMES.has(h.toLowerCase()) && /^[\w.-]+$/.test(h))
    .sort(byLength)
    .map(hostPattern);
  // A user name as a word of its own (in a file name, an e-mail's local part, a sentence), in any case.
  const users = [...new Set(opts.users ?? [])]
    .filter((u) => u && u.length > 2 && !GENERIC_NAMES.has(u.toLowerCase()) && !WORDLIKE_USERS.has(u.toLowerCase()))
    .sort(byLength)
    .map((u) => new RegExp(`(?<![A-Za-z0-9_])${esc(u)}(?![A-Za-z0-9_])`, 'gi'));
  const exact = (list: string[] | undefined, min: number) =>
    [...new Set(list ?? [])]
      .filter((x) => x && x.length >= min)
      .sort(byLength)
      .map((x) => new RegExp(`(?<![\\w-])${esc(x)}(?![\\w-])`, 'gi'));
  const ssids = exact(opts.ssids, 3);
  const ids = exact(opts.machineIds, 16);
  // A VM's name is also inside libvirt's paths (domain-1-NAME, NAME_VARS.fd, NAME.log): bounded by letters and digits
  // only. Each name keeps its own label, so a VM is the same VM in every section of a bundle.
  const vmList = [...new Set(opts.vmNames ?? [])].filter((n) => n.trim().length >= 3 && !GENERIC_NAMES.has(n.toLowerCase()) && !WORDLIKE_USERS.has(n.toLowerCase())).sort();
  const vmLabel = new Map(vmList.map((n, i) => [n.toLowerCase(), `VM-${i + 1}`]));
  const vms = [...vmList].sort(byLength).map((n) => new RegExp(`(?<![A-Za-z0-9])${esc(n)}(?![A-Za-z0-9])`, 'gi'));
  const named: [string, RegExp[], string | ((m: string, ...g: string[]) => string)][] = [
    ['machine ids', ids, 'MACHINE-ID'],
    ['VM names', vms, (m) => vmLabel.get(m.toLowerCase()) ?? 'VM'],
    ['host name', hosts, hostReplace],
    ['Wi-Fi network names', ssids, 'SSID'],
    ['user names', users, 'USER'],
  ];
  return (text) => {
    const kinds = new Set<string>();
    let out = text;
    for (const [kind, list, rep] of named) {
      for (const re of list) {
        // The patterns are global and shared between calls: test() starts at lastIndex.
        re.lastIndex = 0;
        if (re.test(out)) {
          kinds.add(kind);
          re.lastIndex = 0;
          out = out.replace(re, rep as string);
        }
      }
    }
    for (const [kind, re, rep] of RULES) {
      re.lastIndex = 0;
      if (!re.test(out)) continue;
      re.lastIndex = 0;
      const before = out;
      out = out.replace(re, rep as string);
      if (out !== before) kinds.add(kind);
    }
    return { text: out, kinds };
  };
}

export function redact(text: string, opts: RedactOptions = {}): Redacted {
  return redactor(opts)(text);
}

/** Merge name lists (identity of a host, names seen in a paste). */
export function mergeNames(...all: (RedactOptions | undefined)[]): RedactOptions {
  const out = { hostnames: new Set<string>(), users: new Set<string>(), ssids: new Set<string>(), machineIds: new Set<string>(), vmNames: new Set<string>() };
  for (const o of all) for (const k of ['hostnames', 'users', 'ssids', 'machineIds', 'vmNames'] as const) for (const x of o?.[k] ?? []) out[k].add(x);
  return { hostnames: [...out.hostnames], users: [...out.users], ssids: [...out.ssids], machineIds: [...out.machineIds], vmNames: [...out.vmNames] };
}

// Where a paste names its machine and user: shell prompts, journal lines, uname -a, hostnamectl.
const PROMPT_NAMES = /^[ \t]*(?:>[ \t]*)*(?:\([\w.-]+\)\s*)?\[?([a-z_][\w.-]{0,31})@([\w][\w.-]{0,62})[\s:\]][^\n]{0,200}?[$#%]/gim;
const JOURNAL_HOST = new RegExp(SYSLOG_HOST.source, 'gm');
const UNAME_HOST = /^[ \t]*(?:>[ \t]*)*Linux ([\w][\w.-]{0,62}) \d+\.\d+/gm;
const STATIC_HOST = /^[ \t]*(?:Static|Transient|Pretty) hostname:[ \t]*([\w][\w.-]{0,62})[ \t]*$/gim;
// Users named by a path or an id line: /home/NAME, /run/media/NAME, /media/NAME, /Users/NAME, uid=1000(NAME), "for user NAME".
// Each starts with a literal, so the scan skips ahead to it: these run over the whole input.
const USER_PATHS = [/\/(?:home|Users|run\/media|media)\/([A-Za-z_][\w.-]{0,31})(?=[/\s'":]|$)/gm, /uid=\d{4,5}\(([A-Za-z_][\w.-]{0,31})\)/g, /for user ([A-Za-z_][\w.-]{0,31})\b/g];

// A domain's <name> sits right under <domain> (two-space indented by virsh); Proxmox "name:" starts its line.
const VM_XML_NAME = /^[ \t]{0,8}<name>([^<\n]{1,200})<\/name>[ \t]*$/gm;
const PVE_NAME = /^[ \t]*name:[ \t]*([\w.-]{1,63})[ \t]*$/gm;
const QEMU_NAME = /(?:^|\s)-name[ \t]+'?guest=([^,\s']{1,200})/gm;

/** Guess the host and user names a paste shows (prompts, journal lines, uname -a, home folders), to redact a report of it. */
export function namesIn(text: string): RedactOptions {
  const hostnames = new Set<string>();
  const users = new Set<string>();
  // Prompts and journal prefixes are near line starts: scanning is linear, and a huge input is sampled per line.
  for (const m of text.matchAll(PROMPT_NAMES)) {
    users.add(m[1]!);
    hostnames.add(m[2]!);
  }
  for (const m of text.matchAll(JOURNAL_HOST)) hostnames.add(m[2]!);
  for (const m of text.matchAll(UNAME_HOST)) hostnames.add(m[1]!);
  if (/hostname:/i.test(text)) for (const m of text.matchAll(STATIC_HOST)) hostnames.add(m[1]!);
  for (const re of USER_PATHS) {
    // Only the words that can start a match: most inputs hold none, and skip the scan.
    if (!text.includes(re === USER_PATHS[0] ? '/' : re === USER_PATHS[1] ? 'uid=' : 'for user ')) continue;
    for (const m of text.matchAll(re)) if (m[1] !== 'USER' && !MOUNT_NAMES.test(m[1]!)) users.add(m[1]!);
  }
  for (const h of [...hostnames]) if (h.includes('.')) hostnames.add(h.split('.')[0]!);
  const drop = (s: Set<string>) => [...s].filter((x) => x !== 'HOSTNAME' && x !== 'USER').slice(0, 50);
  // VM names as a domain XML, a Proxmox config or a QEMU command line (libvirt's "-name guest=NAME") writes them.
  const vms = new Set<string>();
  if (text.includes('<name>')) for (const m of text.matchAll(VM_XML_NAME)) vms.add(m[1]!.trim());
  if (text.includes('name')) for (const re of [PVE_NAME, QEMU_NAME]) for (const m of text.matchAll(re)) vms.add(m[1]!);
  // A node device's <name> (pci_0000_01_00_0, usb_1_2) is not a VM.
  const vmNames = [...vms].filter((x) => !/^VM-\d+$/.test(x) && !/^(?:pci|usb|net|scsi|storage|computer|drm|mdev|vdpa)_/.test(x)).slice(0, 50);
  return vmNames.length ? { hostnames: drop(hostnames), users: drop(users), vmNames } : { hostnames: drop(hostnames), users: drop(users) };
}

/**
 * Redact every string of a value (a report), keeping its shape: keys and non-string values are untouched, so the
 * result still validates against its schema. `kinds` collects what was replaced.
 */
export function redactDeep<T>(value: T, opts: RedactOptions = {}, kinds: Set<string> = new Set()): T {
  const scrub = redactor(opts);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = scrub(v);
      for (const k of r.kinds) kinds.add(k);
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
