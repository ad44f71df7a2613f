// E9: a driver_override left on a device: a foreign name blocks every driver, "vfio-pci" keeps the host's driver off a card it needs.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { PciDevice } from '../../src/schema/facts';
import type { Evidence } from '../../src/schema/evidence';
import type { FixStep } from '../../src/schema/fix';
import { targetFunctions } from '../../src/facts/targets';
import { describeDevice } from '../../src/engine/describe';
import { normalizeBdf, shortBdf } from '../../src/pci/bdf';
import { isDisplayClass } from '../../src/pci/pci-class';
import { zh } from './zh';

const ID = 'driver-override-stale';
const HOLDERS = new Set(['vfio-pci', 'pci-stub']);
const NVRM = /^NVRM: The NVIDIA probe routine was not called/;

export const messages = {
  foreign: ({ device, override, entry, unbound, typo }: { device: string; override: string; entry?: string; unbound: boolean; typo?: string }) =>
    `${device} has driver_override "${override}"${entry ? ` (persisted in ${entry})` : ''}, and only a driver of exactly that name may bind it${unbound ? ', so it stays without a driver' : ''}.${typo ? ` The driver is called "${typo}" (with a dash), not "${override}": the kernel compares the name exactly.` : ' No loaded driver has that name.'}`,
  heldUnbound: ({ device, override, entry, modules, nvrm, hostWants, gpu }: { device: string; override: string; entry?: string; modules: string[]; nvrm: boolean; hostWants: boolean; gpu: boolean }) =>
    `${device} has driver_override "${override}"${entry ? ` (persisted by driverctl in ${entry})` : ''} but no driver: the override keeps its own driver${modules.length ? ` (${modules.join(', ')})` : ''} away, and ${override} has not claimed it either (writing driver_override never binds or unbinds by itself).${nvrm ? ' This is why the NVIDIA driver says its probe routine was not called for a device: the host\'s nvidia module wanted this card.' : ''}${hostWants ? ` If the host should use ${gpu ? 'this GPU' : 'it'} again, the override is stale: clear it.` : ' If it is meant for the VM, re-probe it so ' + override + ' binds it.'}`,
  orphan: ({ path, bdf, driver }: { path: string; bdf: string; driver: string }) =>
    `${path} binds ${bdf} to ${driver}, but there is no device at that address. If the card moved to another slot, the override no longer applies to it — and whatever device appears at ${bdf} later will be handed to ${driver}.`,
  noOverrides: () => 'driver_override values are only in sysfs (run vfio-doctor collect, or: grep . /sys/bus/pci/devices/*/driver_override) and no /etc/driverctl.d entries were given',
};

/** /etc/driverctl.d/pci-0000:01:00.0 → { bdf, driver } */
function driverctlEntries(host: Host): { bdf: string; driver: string; path: string }[] {
  return host.facts.configFiles.flatMap((c) => {
    const m = /^\/etc\/driverctl\.d\/pci-(.+)$/.exec(c.path);
    const bdf = m ? normalizeBdf(m[1]!) : undefined;
    const driver = c.content.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
    return bdf && driver ? [{ bdf, driver, path: c.path }] : [];
  });
}

/** Boot scripts and udev rules that write this device's driver_override (they would set it again at the next boot). */
function settersOf(host: Host, bdf: string): Evidence[] {
  return host.facts.configFiles
    .filter((c) => !c.path.startsWith('/etc/driverctl.d/') && /driver_override/.test(c.content) && c.content.includes(bdf))
    .map((c) => ({ source: c.path, text: c.content.split('\n').find((l) => l.includes(bdf) || l.includes('driver_override'))!.trim() }));
}

const overrideEvidence = (d: PciDevice): Evidence[] => {
  const own = d.evidence.filter((e) => /driver_override/.test(e.text));
  return own.length ? own : d.evidence.slice(0, 1);
};

function clearSteps(d: PciDevice, viaDriverctl: boolean, setters: Evidence[], setTo?: string): FixStep[] {
  const sys = `/sys/bus/pci/devices/${d.bdf}`;
  const steps: FixStep[] = viaDriverctl
    ? [setTo
        ? { kind: 'command', argv: ['driverctl', 'set-override', d.bdf, setTo], description: `Replace the persistent override with ${setTo}`, root: true }
        : { kind: 'command', argv: ['driverctl', 'unset-override', d.bdf], description: 'Remove the persistent override (driverctl clears driver_override and re-probes the device)', root: true }]
    : [
        { kind: 'command', argv: ['sh', '-c', setTo ? `echo ${setTo} > ${sys}/driver_override` : `echo > ${sys}/driver_override`], description: setTo ? `Set driver_override to ${setTo}` : 'Clear driver_override (an empty write unsets it)', root: true },
        ...(d.driver ? [{ kind: 'command' as const, argv: ['sh', '-c', `echo ${d.bdf} > ${sys}/driver/unbind`], description: `Unbind it from ${d.driver}`, root: true }] : []),
        { kind: 'command', argv: ['sh', '-c', `echo ${d.bdf} > /sys/bus/pci/drivers_probe`], description: 'Let the matching driver probe the device again', root: true },
      ];
  if (setters.length) steps.push({ kind: 'manual', description: `Remove ${d.bdf} from ${[...new Set(setters.map((s) => s.source))].join(', ')}, which set${setters.length > 1 ? '' : 's'} the override again at every boot (rebuild the initramfs if the script lives there).` });
  steps.push({ kind: 'verify', description: `${shortBdf(d.bdf)} shows the intended "Kernel driver in use"`, argv: ['lspci', '-nnk', '-s', shortBdf(d.bdf)] });
  return steps;
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E9',
    title: 'A leftover driver_override keeps a device from its driver',
    severity: 'warning',
    category: 'binding',
    summary: 'driver_override lets only the named driver bind: a wrong name blocks every driver, and "vfio-pci" left on a host device keeps its own driver away.',
    docs: ['https://www.kernel.org/doc/Documentation/ABI/testing/sysfs-bus-pci', 'https://gitlab.com/driverctl/driverctl'],
    keywords: ['driver_override', 'driverctl', 'set-override', 'unset-override', 'drivers_probe', 'unbound', 'no driver', 'NVRM probe routine'],
    // No requires: driver_override is only in sysfs or driverctl's files, which its own reason names.
    reads: { log: [NVRM] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const known = f.pci.filter((d) => d.driverOverride !== undefined);
    const ctl = driverctlEntries(host);
    if (known.length === 0 && ctl.length === 0) return ctx.unable('noOverrides');
    const targets = new Set(targetFunctions(host).map((d) => d.bdf));
    const nvrm = host.log(NVRM);
    const out: DraftOf<typeof messages>[] = [];
    for (const d of f.pci) {
      const ov = d.driverOverride ?? ctl.find((c) => c.bdf === d.bdf)?.driver;
      if (!ov || ov === 'none') continue;
      const entry = ctl.find((c) => c.bdf === d.bdf);
      const setters = settersOf(host, d.bdf);
      const ev = [...overrideEvidence(d), ...(entry ? [{ source: entry.path, text: entry.driver }] : []), ...setters];
      if (!HOLDERS.has(ov) && d.driver !== ov) {
        // A name no PCI driver has: nothing can bind. "vfio_pci" is the usual typo (the driver is called vfio-pci).
        const typo = /^vfio[_ ]?pci$/i.test(ov) ? 'vfio-pci' : /^pci[_ ]stub$/i.test(ov) ? 'pci-stub' : undefined;
        out.push({
          messageId: 'foreign',
          data: { device: describeDevice(d), override: ov, entry: entry?.path, unbound: !d.driver, typo },
          evidence: ev,
          fixes: [{ id: `${ID}/${typo ? 'rename' : 'clear'}`, title: typo ? `Set driver_override to ${typo}` : 'Clear driver_override', recommended: true, needsReboot: false, needsInitramfs: false, warnings: [], steps: clearSteps(d, !!entry, setters, typo) }],
          devices: [d.bdf],
        });
        continue;
      }
      if (HOLDERS.has(ov) && d.driver === null) {
        // Held for vfio but bound to nothing: either the host wants the card back, or nobody re-probed it after the write.
        const gpu = isDisplayClass(d.classCode);
        const nv = d.vendor === '10de' && nvrm.length ? nvrm.map((l) => l.evidence) : [];
        const hostWants = nv.length > 0 || !targets.has(d.bdf) || (gpu && d.bootVga === true);
        const clear = { id: `${ID}/clear`, title: 'Give the device back to its own driver: clear driver_override and re-probe', recommended: hostWants, needsReboot: false, needsInitramfs: false, warnings: [], steps: clearSteps(d, !!entry, setters) };
        const probe = {
          id: `${ID}/probe`,
          title: `Keep it for the VM: let ${ov} bind it now`,
          recommended: !hostWants,
          needsReboot: false,
          needsInitramfs: false,
          warnings: [],
          steps: [
            { kind: 'command' as const, argv: ['modprobe', ov], description: `Make sure ${ov} is loaded`, root: true },
            { kind: 'command' as const, argv: ['sh', '-c', `echo ${d.bdf} > /sys/bus/pci/drivers_probe`], description: 'Probe the device; only the override driver may take it', root: true },
            { kind: 'verify' as const, description: `${shortBdf(d.bdf)} shows "Kernel driver in use: ${ov}"`, argv: ['lspci', '-nnk', '-s', shortBdf(d.bdf)] },
          ],
        };
        out.push({
          messageId: 'heldUnbound',
          data: { device: describeDevice(d), override: ov, entry: entry?.path, modules: d.modules ?? [], nvrm: nv.length > 0, hostWants, gpu },
          evidence: [...ev, ...nv],
          fixes: hostWants ? [clear, probe] : [probe, clear],
          devices: [d.bdf],
        });
      }
    }
    // driverctl entries for addresses where no device is (the card moved slots): they bind whatever appears there next.
    if (f.pciComplete)
      for (const c of ctl.filter((c) => !host.device(c.bdf)))
        out.push({
          severity: 'info',
          messageId: 'orphan',
          data: { path: c.path, bdf: shortBdf(c.bdf), driver: c.driver },
          evidence: [{ source: c.path, text: c.driver }],
          fixes: [plainFix(`${ID}/remove-driverctl`, 'Remove the orphaned driverctl entry', 'driverctl', [{ kind: 'command', argv: ['rm', c.path], description: 'Delete the persistent override for the empty address', root: true }], { needsReboot: false })],
        });
    return out;
  },
});
