// Fixes that change a VM definition: libvirt through a validated `virsh define` (a 'domain' step), Proxmox through `qm set`.
import type { Fix, DomainOp, FixStep } from '../schema/fix';
import { shellWord } from '../text/shell-word';
import type { Vm, VmHostdev } from '../schema/vm';

export interface DomainFixInput {
  id: string;
  title: string;
  recommended: boolean;
  op: DomainOp;
  description: string;
  warnings?: string[];
}

/**
 * libvirt: one 'domain' step (apply/ dumps the definition as the backup, edits a copy, runs virt-xml-validate and
 * `virsh define`; undo defines the backup), then a check. The change takes effect at the VM's next start.
 */
export function domainEditFix(vm: Vm, f: DomainFixInput): Fix {
  const name = vm.name ?? 'NAME';
  const steps: FixStep[] = [
    { kind: 'domain', domain: name, op: f.op, description: f.description },
    { kind: 'verify', description: `The definition has the change (it applies when ${name} next starts)`, argv: ['virsh', 'dumpxml', '--inactive', name] },
  ];
  return { id: f.id, title: f.title, recommended: f.recommended, needsReboot: false, needsInitramfs: false, warnings: [...(f.warnings ?? []), ...(vm.name ? [] : ['The domain name is not in the input: replace NAME with it.'])], steps };
}

/**
 * Proxmox: `qm set VMID -hostpciN VALUE` lines (qm(1): `--hostpci[n] [[host=]<HOSTPCIID[;HOSTPCIID2...]>] [,pcie=<1|0>]
 * [,x-vga=<1|0>] …`), the current configuration printed first, and how to put the old lines back.
 */
export function proxmoxSetFix(vm: Vm, f: { id: string; title: string; recommended: boolean; set: [key: string, value: string][]; old: [key: string, value: string | undefined][]; remove?: string[] }): Fix {
  const id = vm.vmid;
  const restore = f.old.map(([k, v]) => (v === undefined ? `qm set ${id ?? 'VMID'} -delete ${k}` : `qm set ${id ?? 'VMID'} -${k} ${shellWord(v)}`));
  const remove = f.remove?.length ? f.remove.join(',') : undefined;
  const steps: FixStep[] = id
    ? [
        { kind: 'command', argv: ['qm', 'config', id], description: 'Print the configuration as it is now (to put back if needed)', root: true },
        // qm(1): --delete takes a list of settings. Removed first, so no function is ever assigned twice.
        ...(remove ? [{ kind: 'command', argv: ['qm', 'set', id, '-delete', remove], description: `Remove ${remove}`, root: true } satisfies FixStep] : []),
        ...f.set.map(([k, v]): FixStep => ({ kind: 'command', argv: ['qm', 'set', id, `-${k}`, v], description: `Set ${k}`, root: true })),
      ]
    : [{ kind: 'manual', description: `The VM id is not in the input. On the Proxmox host, with its id for VMID:\n${[...(remove ? [`qm set VMID -delete ${remove}`] : []), ...f.set.map(([k, v]) => `qm set VMID -${k} ${shellWord(v)}`)].join('\n')}` }];
  steps.push({ kind: 'manual', description: `To go back: ${restore.join('; ')}` });
  return { id: f.id, title: f.title, recommended: f.recommended, needsReboot: false, needsInitramfs: false, warnings: ['Takes effect when the VM is next started (stop it, then start it; a reboot inside the guest is not enough).'], steps };
}

/** The Proxmox key and value a hostdev came from ("hostpci0", "0000:01:00,pcie=1"), read back from its evidence line. */
export function pveKeyOf(h: VmHostdev): { key: string; value: string } | undefined {
  const m = /^(hostpci\d+):\s*(\S+)\s*$/.exec(h.evidence.text.trim());
  return m ? { key: m[1]!, value: m[2]! } : undefined;
}
