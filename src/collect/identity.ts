// Names to redact from a bundle or a --redact report: this host's names, its users, machine id and Wi-Fi networks.
import type { HostIO } from './io';
import { MOUNT_NAMES, type RedactOptions } from './redact';
import { vmNames } from './vms';

const read = (io: HostIO, p: string, max = 64 * 1024) => io.readFile(p, max).catch(() => undefined);
const list = async (io: HostIO, p: string) => (await io.readDir(p).catch(() => undefined)) ?? [];

/**
 * What identifies this host, read the way collect reads (live or a sysroot). Every list is "names to replace", so a
 * file that cannot be read only means fewer names; redaction's patterns still catch the usual shapes.
 */
export async function identity(io: HostIO): Promise<RedactOptions> {
  const hostnames = new Set<string>();
  for (const p of ['/proc/sys/kernel/hostname', '/etc/hostname']) {
    const h = (await read(io, p, 4096))?.trim();
    if (h) {
      hostnames.add(h);
      hostnames.add(h.split('.')[0]!);
    }
  }
  // /etc/hosts names the FQDN and aliases on the host's own line ("127.0.1.1 deskbox.example.lan deskbox").
  const shorts = new Set([...hostnames].map((h) => h.split('.')[0]!.toLowerCase()));
  for (const line of (await read(io, '/etc/hosts'))?.split('\n') ?? []) {
    const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    if (names.some((n) => shorts.has(n.split('.')[0]!.toLowerCase()))) for (const n of names) if (!/^localhost/i.test(n)) hostnames.add(n);
  }

  const users = new Set<string>();
  for (const line of (await read(io, '/etc/passwd', 1024 * 1024))?.split('\n') ?? []) {
    const [name, , uid] = line.split(':');
    const n = Number(uid);
    if (name && n >= 1000 && n < 65534) users.add(name);
  }
  // Users that /etc/passwd does not list (LDAP, systemd-homed, a copied disk): their home and media folders.
  for (const dir of ['/home', '/var/home', '/run/media', '/media']) for (const n of await list(io, dir)) if (!n.startsWith('.') && n !== 'lost+found' && !MOUNT_NAMES.test(n)) users.add(n);

  const machineIds = new Set<string>();
  for (const p of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    const id = (await read(io, p, 256))?.trim();
    if (id && /^[0-9a-f]{16,64}$/i.test(id)) machineIds.add(id);
  }

  // Wi-Fi networks: NetworkManager's connection files (named after the network, with ssid= inside), wpa_supplicant
  // and iwd. The files are root's; without root only the names of the files are seen, or nothing.
  const ssids = new Set<string>();
  const nm = '/etc/NetworkManager/system-connections';
  for (const n of await list(io, nm)) {
    ssids.add(n.replace(/\.nmconnection$/, ''));
    for (const m of ((await read(io, `${nm}/${n}`)) ?? '').matchAll(/^(?:ssid|id)=(.+)$/gm)) ssids.add(m[1]!.trim());
  }
  for (const dir of ['/etc/wpa_supplicant', '/etc']) {
    for (const n of (await list(io, dir)).filter((x) => /^wpa_supplicant.*\.conf$/.test(x))) {
      for (const m of ((await read(io, `${dir}/${n}`)) ?? '').matchAll(/^\s*ssid="([^"\n]+)"/gm)) ssids.add(m[1]!);
    }
  }
  for (const n of await list(io, '/var/lib/iwd')) {
    const m = /^(.+)\.(?:psk|open|8021x)$/.exec(n);
    if (m) ssids.add(m[1]!);
  }

  return { hostnames: [...hostnames], users: [...users], machineIds: [...machineIds], ssids: [...ssids].filter((s) => s.trim()), vmNames: await vmNames(io).catch(() => []) };
}
