// A device did not come back after a reset (FLR, bus reset) or a power transition: the kernel waited and gave up.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Fix, FixStep } from '../../src/schema/fix';
import type { Host } from '../../src/facts/host';
import type { LogLine } from '../../src/schema/facts';
import { describeDevice } from '../../src/engine/describe';
import { shortBdf } from '../../src/pci/bdf';
import { zh } from './zh';

const ID = 'device-reset-timeout';

// drivers/pci/pci.c pci_dev_wait(): pci_info "not ready %dms after %s; waiting" (past 1 s), pci_warn "not ready %dms
// after %s; giving up" (past the timeout, 60 s for FLR/bus reset), pci_info "ready %dms after %s" (came back late).
// %s: "FLR", "AF_FLR", "PM D3hot->D0" ("PM D3HOT->D0" in newer kernels), "bus reset", "resume", "DPC". Bounded: [^;]{1,24}.
const WAIT = /^(\S+) ((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): not ready (\d+)ms after ([^;]{1,24}); (waiting|giving up)$/;
const READY = /^(\S+) ((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): ready (\d+)ms after ([^;]{1,24})$/;
// Power transitions: their cause and fix live in d3-power-state-issues (runtime PM, D3cold).
const POWER = /^(?:resume|PM D3hot->D0)$/i;

const tail = (power: boolean) =>
  power
    ? ' This was a power transition (the device did not wake from D3): see d3-power-state-issues for keeping it in D0.'
    : ' The reset the kernel used (the first the device supports of: device-specific, ACPI, FLR, AF FLR, PM, bus) does not work on this device or platform; another reset method, a firmware update or a kernel with a quirk for it is the way out.';

export const messages = {
  gaveUp: ({ name, event, ms, power }: { name: string; event: string; ms: number; power: boolean }) =>
    `${name} did not come back after ${event}: the kernel waited ${ms} ms for it to answer and gave up. Its config space reads all ones, so vfio-pci and the VM cannot use it (VM start fails or the guest gets a dead card) and only a power cycle brings it back; while the kernel waits the host can look frozen.${tail(power)}`,
  stillWaiting: ({ name, event, ms, power }: { name: string; event: string; ms: number; power: boolean }) =>
    `${name} was still not ready ${ms} ms after ${event} where the log ends; the kernel keeps waiting (up to about 60 s) and then gives up. If the host froze at VM start or shutdown, this reset is why.${tail(power)}`,
};

interface Wait { bdf: string; ms: number; event: string; gaveUp: boolean; line: LogLine }

function waits(host: Host): Wait[] {
  return host.log(WAIT).map((l) => {
    const m = WAIT.exec(l.message)!;
    return { bdf: m[2]!.toLowerCase(), ms: Number(m[3]), event: m[4]!, gaveUp: m[5] === 'giving up', line: l };
  });
}

const full = (bdf: string) => (bdf.length === 7 ? `0000:${bdf}` : bdf);

function fixes(host: Host, bdf: string, event: string, power: boolean): Fix[] {
  const dev = host.device(bdf);
  const path = `/sys/bus/pci/devices/${full(bdf)}/reset_method`;
  const failing = /FLR/i.test(event) ? (/AF_FLR/i.test(event) ? 'af_flr' : 'flr') : /bus reset/i.test(event) ? 'bus' : undefined;
  const others = dev?.resetMethods?.filter((m) => m !== failing) ?? [];
  // A device on the root bus (an iGPU at 00:02.0) has no bridge above it to reset: no "bus" to offer blindly.
  const onRootBus = /^(?:[0-9a-f]{4}:)?00:/.test(bdf);
  const candidate = others[0] ?? (failing === 'bus' || onRootBus ? undefined : 'bus');
  const steps: FixStep[] = [];
  if (failing && !power) {
    steps.push({ kind: 'command', argv: ['cat', path], description: 'See which reset methods the kernel tries for the device, in order (Linux 5.15+)', root: false });
    if (candidate) steps.push({ kind: 'command', argv: ['sh', '-c', `echo ${candidate} > ${path}`], description: `Make the kernel use "${candidate}" instead of the reset that hangs (until reboot; a udev rule setting ATTR{reset_method} keeps it)`, root: true });
    else steps.push({ kind: 'manual', description: `Write another method that ${path} lists (e.g. "flr" or "pm") into it, so the kernel stops using the reset that hangs.` });
  }
  steps.push(
    { kind: 'manual', description: 'Shut the host down completely (power off, not reboot) to bring the device back; then update the motherboard firmware and the kernel (the kernel carries per-device reset quirks, e.g. quirk_no_flr). Intel iGPUs on some 500-series boards never return from FLR (a firmware problem).' },
    { kind: 'verify', description: 'After the next VM start and stop, the log has no "not ready … giving up" line for the device', argv: ['sh', '-c', `dmesg | grep -e '${shortBdf(bdf)}' | grep -i 'not ready'`], root: true },
  );
  return [{
    id: `${ID}/reset-method`,
    title: failing && !power ? 'Use another reset method for the device' : 'Power-cycle, update firmware and kernel',
    recommended: true,
    needsReboot: false,
    needsInitramfs: false,
    warnings: failing && !power ? ['A bus reset also resets every other device behind the same bridge.'] : [],
    steps,
  }];
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'The device does not come back after a reset',
    severity: 'error',
    category: 'reset-power',
    summary: 'After a function-level or bus reset (at VM start or stop) the device kept answering with all ones until the kernel gave up: it is lost until a power cycle, and the VM cannot use it (the host may freeze meanwhile).',
    docs: ['https://www.kernel.org/doc/Documentation/ABI/testing/sysfs-bus-pci', 'https://docs.kernel.org/driver-api/vfio.html'],
    keywords: ['FLR', 'function level reset', 'not ready', 'giving up', 'reset hangs', 'host freeze', 'reset_method', 'bus reset', 'after FLR'],
    consequenceOf: ['d3-power-state-issues', 'laptop-muxless-dgpu', 'amd-reset-bug'],
    requires: ['kernelLogAfterVm'],
    // WAIT and READY start with the driver's name: the lane keeps them by what follows the address.
    reads: { log: [': not ready ', ': ready '] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    const all = waits(host);
    if (all.length === 0) return []; // without a kernel log the engine says so
    const ready = host.log(READY);
    const out: DraftOf<typeof messages>[] = [];
    for (const bdf of [...new Set(all.map((w) => w.bdf))]) {
      const mine = all.filter((w) => w.bdf === bdf);
      const dev = host.device(bdf);
      const name = dev ? describeDevice(dev) : shortBdf(bdf);
      const gaveUp = mine.filter((w) => w.gaveUp);
      const last = mine[mine.length - 1]!;
      // Came back later ("ready Nms after …" after the last wait): slow, not lost.
      const lastAt = f.kernelLog.indexOf(last.line);
      const cameBack = ready.some((r) => READY.exec(r.message)![2]!.toLowerCase() === bdf && f.kernelLog.indexOf(r) > lastAt);
      const event = (gaveUp[0] ?? last).event;
      const power = POWER.test(event);
      const evidence = [...mine.slice(0, 2), ...(gaveUp.length ? [gaveUp[0]!] : mine.length > 2 ? [last] : [])].map((w) => w.line.evidence);
      const uniq = evidence.filter((e, i) => evidence.findIndex((x) => x.source === e.source && x.line === e.line) === i);
      if (gaveUp.length) {
        out.push({
          messageId: 'gaveUp',
          data: { name, event, ms: gaveUp[0]!.ms, power },
          evidence: uniq,
          fixes: fixes(host, bdf, event, power),
          devices: [bdf],
        });
      } else if (!cameBack) {
        out.push({
          severity: 'warning',
          messageId: 'stillWaiting',
          data: { name, event, ms: last.ms, power },
          evidence: uniq,
          fixes: fixes(host, bdf, event, power),
          devices: [bdf],
        });
      }
    }
    return out;
  },
});
