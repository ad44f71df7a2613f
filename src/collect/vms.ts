// VM definitions and logs, read-only: libvirt domains (virsh -r, else /etc/libvirt/qemu), Proxmox configs, domain logs, running QEMUs.
import type { RawSource } from '../schema/raw-source';
import type { HostIO } from './io';
import { nulArgvToLines } from '../parse/qemu-cmdline';

export interface VmCollection {
  sources: RawSource[];
  /** Lines for the host facts (note=…, libvirt_autostart=NAME). */
  host: string[];
  /** How many definitions were read, for the progress line. */
  count: number;
}

const LIBVIRT_DIR = '/etc/libvirt/qemu';
const PVE_DIR = '/etc/pve/qemu-server';
const LOG_DIR = '/var/log/libvirt/qemu';
/** The system instance: the one that can be given host PCI devices (a session instance cannot). */
const VIRSH_ARGS = ['-r', '-c', 'qemu:///system'];
// Where distributions install virsh (libvirt-clients, libvirt-client): run only when it is there, so a host without
// libvirt spawns nothing.
const VIRSH_PATHS = ['/usr/bin/virsh', '/bin/virsh', '/usr/local/bin/virsh'];

/**
 * The sockets a system libvirt answers on (the monolithic libvirtd, or the modular virtqemud; with systemd socket
 * activation they exist before the daemon runs). Without one, `virsh -r` can only fail (after spawning and timing out
 * a connection): the definitions are read from /etc/libvirt/qemu instead.
 */
const LIBVIRT_SOCKETS = /^(?:libvirt|virtqemud)-sock(?:-ro)?$/;

async function virshOf(io: HostIO): Promise<string[] | undefined> {
  if (!io.run) return undefined;
  const sockets = [...((await io.readDir('/run/libvirt').catch(() => undefined)) ?? []), ...((await io.readDir('/var/run/libvirt').catch(() => undefined)) ?? [])];
  if (!sockets.some((n) => LIBVIRT_SOCKETS.test(n))) return undefined;
  for (const p of VIRSH_PATHS) if ((await io.stat(p).catch(() => undefined))?.isFile) return [p, ...VIRSH_ARGS];
  return undefined;
}
// A domain log is appended to at every start: the tail holds the last start (its command line and its errors).
const LOG_TAIL_BYTES = 256 * 1024;
const LOG_TAIL_LINES = 400;
const MAX_VMS = 64;

const files = async (io: HostIO, dir: string, re: RegExp) => ((await io.readDir(dir).catch(() => undefined)) ?? []).filter((n) => re.test(n)).slice(0, MAX_VMS);

async function readOrNote(io: HostIO, path: string, notes: string[], max = 1024 * 1024): Promise<string | undefined> {
  try {
    return await io.readFile(path, max);
  } catch (e) {
    notes.push(`note=could not read ${path} (${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied: run as root to read VM definitions' : ((e as NodeJS.ErrnoException).code ?? 'error')})`);
    return undefined;
  }
}

/**
 * The last start of a domain log: from its last "starting up libvirt" line (qemu_process.c writes it before the command
 * line) to the end, at most LOG_TAIL_LINES lines; the whole tail when the log has no such line.
 */
export function logTail(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) if (/: starting up libvirt version: /.test(lines[i]!)) {
    start = i;
    break;
  }
  const from = start >= 0 && lines.length - start <= LOG_TAIL_LINES ? start : Math.max(0, lines.length - LOG_TAIL_LINES);
  return lines.slice(from).join('\n');
}

async function libvirtDomains(io: HostIO, live: boolean, out: VmCollection): Promise<void> {
  // Live: ask libvirtd over its read-only socket (no lock on its files, the running definition). Its absence is no error.
  const VIRSH = live ? await virshOf(io) : undefined;
  if (VIRSH && io.run) {
    const list = await io.run([...VIRSH, 'list', '--all', '--name'], 10000);
    if (list.exitCode === 0) {
      const names = list.stdout.split('\n').map((n) => n.trim()).filter(Boolean).slice(0, MAX_VMS);
      const auto = await io.run([...VIRSH, 'list', '--all', '--autostart', '--name'], 10000);
      if (auto.exitCode === 0) for (const n of auto.stdout.split('\n').map((x) => x.trim()).filter(Boolean)) out.host.push(`libvirt_autostart=${n}`);
      for (const name of names) {
        const x = await io.run([...VIRSH, 'dumpxml', name], 10000);
        if (x.exitCode === 0 && x.stdout.trim()) {
          out.sources.push({ source: `virsh dumpxml ${name}`, kind: 'libvirt-domain-xml', text: x.stdout });
          out.count++;
        } else out.host.push(`note=virsh dumpxml ${name} failed: ${(x.stderr || 'no output').split('\n')[0]}`);
      }
      return;
    } else out.host.push(`note=virsh -r list --all failed (${(list.stderr || `exit ${list.exitCode}`).split('\n')[0]}): reading /etc/libvirt/qemu instead`);
  }
  // Sysroot, or no virsh: libvirt's own copies of the persistent definitions (root-only on most distributions).
  for (const n of await files(io, LIBVIRT_DIR, /^[^/]+\.xml$/)) {
    const path = `${LIBVIRT_DIR}/${n}`;
    const text = await readOrNote(io, path, out.host);
    if (text === undefined) continue;
    out.sources.push({ source: path, kind: 'libvirt-domain-xml', text });
    out.count++;
  }
  // libvirt marks a domain to start with the host by a link autostart/NAME.xml (virDomainObjSetAutostart).
  for (const n of await files(io, `${LIBVIRT_DIR}/autostart`, /\.xml$/)) out.host.push(`libvirt_autostart=${n.replace(/\.xml$/, '')}`);
}

/** VM definitions, logs and running QEMUs of a host; never throws (what could not be read is a note). */
export async function collectVms(io: HostIO, live: boolean): Promise<VmCollection> {
  const out: VmCollection = { sources: [], host: [], count: 0 };
  await libvirtDomains(io, live, out);
  // Proxmox: /etc/pve/qemu-server is this node's folder in the cluster file system (pmxcfs), ID.conf each.
  for (const n of await files(io, PVE_DIR, /^\d+\.conf$/)) {
    const path = `${PVE_DIR}/${n}`;
    const text = await readOrNote(io, path, out.host);
    if (text === undefined) continue;
    out.sources.push({ source: path, kind: 'pve-vm-config', text });
    out.count++;
  }
  for (const n of await files(io, LOG_DIR, /\.log$/)) {
    const path = `${LOG_DIR}/${n}`;
    const text = await readOrNote(io, path, out.host, 16 * 1024 * 1024);
    if (text) out.sources.push({ source: path, kind: 'qemu', text: logTail(text.length > LOG_TAIL_BYTES ? text.slice(-LOG_TAIL_BYTES) : text) });
  }
  // Running QEMUs: each process's comm (a short read), and the argv of those that are an emulator.
  const pids = ((await io.readDir('/proc').catch(() => undefined)) ?? []).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const comm = (await io.readFile(`/proc/${pid}/comm`, 64).catch(() => undefined))?.trim() ?? '';
    if (!/^(?:qemu-system-|qemu-kvm$|kvm$)/.test(comm)) continue;
    const raw = await io.readFile(`/proc/${pid}/cmdline`, 1024 * 1024).catch(() => undefined);
    if (raw && raw.includes('\0')) out.sources.push({ source: `/proc/${pid}/cmdline`, kind: 'qemu-cmdline', text: nulArgvToLines(raw) });
  }
  // On a live host, say that the VM side was looked for (a sysroot without VMs is usually a host-only copy).
  if (live && !out.count && !out.sources.length) out.host.push('note=no VM definition found (no libvirt domain, no Proxmox VM config): the VM side was not checked');
  return out;
}

/** The VM names a host has, for redaction: libvirt domains (files, logs, virsh) and Proxmox configs' "name:". */
export async function vmNames(io: HostIO): Promise<string[]> {
  const names = new Set<string>();
  for (const n of await files(io, LIBVIRT_DIR, /\.xml$/)) {
    names.add(n.replace(/\.xml$/, ''));
    const m = /<name>([^<\n]{1,200})<\/name>/.exec((await io.readFile(`${LIBVIRT_DIR}/${n}`, 64 * 1024).catch(() => undefined)) ?? '');
    if (m) names.add(m[1]!.trim());
  }
  for (const n of await files(io, LOG_DIR, /\.log$/)) names.add(n.replace(/\.log$/, ''));
  for (const n of await files(io, PVE_DIR, /^\d+\.conf$/)) {
    for (const m of ((await io.readFile(`${PVE_DIR}/${n}`, 256 * 1024).catch(() => undefined)) ?? '').matchAll(/^name:\s*(\S+)\s*$/gm)) names.add(m[1]!);
  }
  const VIRSH = await virshOf(io);
  if (VIRSH && io.run) {
    const r = await io.run([...VIRSH, 'list', '--all', '--name'], 10000).catch(() => undefined);
    if (r?.exitCode === 0) for (const n of r.stdout.split('\n')) if (n.trim()) names.add(n.trim());
  }
  return [...names].filter((n) => n.length >= 3).sort();
}
