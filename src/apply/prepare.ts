// Turns a fix plan into the exact changes for the files as they are now (re-read, not as they were at analysis).
import type { Fix } from '../schema/fix';
import type { ApplyIO } from './io';
import { applyOp } from '../engine/edit-ops';
import { unifiedDiff } from '../engine/diff';
import { isAllowedPath } from './guards';
import { Refusal } from './refusal';
import { isSafeMode } from './trust';
import { tr } from '../i18n/lang';
import { editDomainXml, DomainEditError } from '../vm/domain-edit';

/** A libvirt domain to redefine: its definition now (the backup) and after the edit. */
export interface DomainChange {
  name: string;
  before: string;
  after: string;
  diff: string;
  /** Where the definition was read: `virsh dumpxml` (live) or the sysroot's /etc/libvirt/qemu/NAME.xml. */
  from: string;
}

export interface FileChange {
  path: string;
  existed: boolean;
  before?: Buffer;
  after: string;
  mode: number;
  uid?: number;
  gid?: number;
  diff: string;
}

export interface Prepared {
  fix: Fix;
  changes: FileChange[];
  /** libvirt domains the fix redefines (virt-xml-validate, then virsh define). */
  domains: DomainChange[];
  commands: string[][];
  /** Steps a person has to do (firmware settings, NixOS configuration): shown, never run. */
  manual: string[];
  reboot: boolean;
}

/** The plan cannot be applied to the files as they are; nothing was changed. */
export class ApplyRefused extends Refusal {}

const octal = (m: number) => m.toString(8).padStart(4, '0');

export async function prepare(fix: Fix, io: ApplyIO): Promise<Prepared> {
  const working = new Map<string, { existed: boolean; before?: Buffer; content: string; mode: number; uid?: number; gid?: number }>();
  const out: Prepared = { fix, changes: [], domains: [], commands: [], manual: [], reboot: false };
  for (const step of fix.steps) {
    switch (step.kind) {
      case 'edit': {
        if (!isAllowedPath(step.path)) throw new ApplyRefused(tr(`${step.path} is not a boot or module configuration file vfio-doctor edits; nothing was changed`, `${step.path} 不是 vfio-doctor 会修改的引导或模块配置文件；没有做任何改动`));
        if (!step.op) {
          out.manual.push(step.description);
          break;
        }
        let w = working.get(step.path);
        if (!w) {
          const st = await io.read(step.path);
          const mode = st.exists ? (st.mode ?? 0o644) : step.mode ? parseInt(step.mode, 8) : 0o644;
          // Undo only restores modes and owners apply itself could have written; a file outside them is not edited.
          if (!isSafeMode(mode)) throw new ApplyRefused(tr(`${step.path} has mode ${octal(mode)} (set-id, sticky or writable by group or others); vfio-doctor does not edit it — check who can write it (chmod 0644 ${step.path}), then apply again; nothing was changed`, `${step.path} 的权限是 ${octal(mode)}（带 set-id、sticky 位，或组/其他用户可写）；vfio-doctor 不修改它。请检查谁能写它（chmod 0644 ${step.path}），然后再应用；没有做任何改动`));
          const trusted = await io.trustedUids();
          if (st.exists && st.uid !== undefined && !trusted.includes(st.uid)) throw new ApplyRefused(tr(`${step.path} belongs to uid ${st.uid}, not root; vfio-doctor does not edit it; nothing was changed`, `${step.path} 属于 uid ${st.uid}，不是 root;vfio-doctor 不修改它；没有做任何改动`));
          // The folders on the way, as undo will check them: a change undo would refuse to restore is not made.
          const where = await io.checkPath(step.path, (uid) => trusted.includes(uid));
          if (where) throw new ApplyRefused(tr(`${where}; vfio-doctor does not edit it, and could not undo it — fix who can write there, then apply again; nothing was changed`, `${where}；vfio-doctor 不修改它，也无法撤销它。请先修正那里的写权限，然后再应用；没有做任何改动`));
          w = { existed: st.exists, before: st.content, content: st.content?.toString('utf8') ?? '', mode, uid: st.uid, gid: st.gid };
          working.set(step.path, w);
        }
        w.content = applyOp(w.existed || w.content ? w.content : undefined, step.op, step.path);
        if (step.mode && !w.existed) {
          w.mode = parseInt(step.mode, 8);
          if (!isSafeMode(w.mode)) throw new ApplyRefused(tr(`the plan would create ${step.path} with mode ${step.mode}; nothing was changed`, `修复方案会以权限 ${step.mode} 创建 ${step.path}；没有做任何改动`));
        }
        break;
      }
      case 'command':
        out.commands.push(step.argv);
        break;
      case 'domain': {
        let d = out.domains.find((x) => x.name === step.domain);
        if (!d) {
          const cur = await readDomainXml(io, step.domain);
          d = { name: step.domain, before: cur.xml, after: cur.xml, diff: '', from: cur.from };
          out.domains.push(d);
        }
        try {
          d.after = editDomainXml(d.after, step.op);
        } catch (e) {
          if (e instanceof DomainEditError) throw new ApplyRefused(`the definition of ${step.domain} (${d.from}) cannot take this change: ${e.message}; nothing was changed`);
          throw e;
        }
        break;
      }
      case 'manual':
        out.manual.push(step.description);
        break;
      case 'reboot':
        out.reboot = true;
        break;
      case 'verify':
        break;
    }
  }
  out.domains = out.domains.filter((d) => d.before !== d.after); // already as the fix wants it
  for (const d of out.domains) d.diff = unifiedDiff(d.from, d.before, d.after);
  for (const [path, w] of working) {
    const before = w.before?.toString('utf8');
    if (w.existed && before === w.content) continue; // idempotent: already as the fix wants it
    out.changes.push({ path, existed: w.existed, before: w.before, after: w.content, mode: w.mode, uid: w.uid, gid: w.gid, diff: unifiedDiff(path, w.existed ? before : undefined, w.content) });
  }
  return out;
}

/** Valid libvirt domain names for the commands we build: no path separators, no option-looking names. */
const DOMAIN_NAME = /^[^/\s-][^/\s]*$/;

/**
 * The domain's persistent definition: `virsh dumpxml --inactive --security-info NAME` on the live host (what `virsh
 * define` takes back unchanged); in a sysroot, where no libvirt runs, its /etc/libvirt/qemu/NAME.xml — read only.
 */
export async function readDomainXml(io: ApplyIO, name: string): Promise<{ xml: string; from: string }> {
  if (!DOMAIN_NAME.test(name) || name === 'NAME') throw new ApplyRefused(`"${name}" is not a domain name this fix can use; nothing was changed`);
  if (io.capture) {
    const argv = ['virsh', 'dumpxml', '--inactive', '--security-info', name];
    const r = await io.capture(argv);
    if (r.missing) throw new ApplyRefused('virsh is not installed on this host; nothing was changed');
    if (r.exitCode !== 0 || !r.stdout.trim()) throw new ApplyRefused(`${argv.join(' ')} failed (exit ${r.exitCode ?? 'signal'}): is ${name} defined in libvirt (virsh list --all)? nothing was changed`);
    return { xml: r.stdout, from: `virsh dumpxml ${name}` };
  }
  const path = `/etc/libvirt/qemu/${name}.xml`;
  const st = await io.read(path);
  if (!st.exists || !st.content) throw new ApplyRefused(`${path} is not in ${io.label}; nothing was changed`);
  return { xml: st.content.toString('utf8'), from: path };
}
