// One VM once: a running QEMU's command line next to its own definition, or the same definition read twice, is one VM.
import type { Vm } from '../schema/vm';

const same = (a: string | undefined, b: string | undefined) => a !== undefined && a === b;

/** Does `def` (a libvirt domain or Proxmox config) define the VM this running QEMU (kind 'qemu') runs? */
function defines(def: Vm, run: Vm): boolean {
  if (def.kind === 'qemu' || (run.manager && run.manager !== def.kind)) return false;
  // A redacted bundle has every UUID as REDACTED-UUID: only a real one ties two VMs.
  const uuid = (v: Vm) => (v.uuid && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v.uuid) ? v.uuid.toLowerCase() : undefined);
  return same(uuid(def), uuid(run)) || same(def.vmid, run.vmid) || (def.kind === 'libvirt' && same(def.name, run.name));
}

/**
 * The VMs to diagnose: a definition wins over the command line of its running QEMU (it is what a fix edits, and it says
 * more), and a definition seen twice (`virsh dumpxml` and /etc/libvirt/qemu/NAME.xml) counts once.
 */
export function mergeVms(vms: Vm[]): Vm[] {
  const defs = vms.filter((v) => v.kind !== 'qemu');
  const out: Vm[] = [];
  const seen = new Set<string>();
  for (const v of vms) {
    if (v.kind === 'qemu' && defs.some((d) => defines(d, v))) continue;
    if (v.kind !== 'qemu' && v.complete && (v.name || v.vmid || v.uuid)) {
      const key = JSON.stringify([v.kind, v.name, v.vmid, v.uuid, v.hostdevs.map((h) => h.bdf)]);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(v);
  }
  return out;
}
