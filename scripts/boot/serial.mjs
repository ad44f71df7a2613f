// Reads what the guest's check script printed on the serial console: the PCI blocks, the command line, the step's exit.

/** One PCI block ("boot" or "after-step") as a Map bdf -> { id, cls, driver, override, group } (values '-' for none). */
export function pciBlock(serial, name = 'boot') {
  const lines = serial.replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => l.trim() === `VFIO-PCI-BEGIN ${name}`);
  if (start < 0) return undefined;
  const out = new Map();
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === `VFIO-PCI-END ${name}`) return out;
    const m = l.match(/^VFIO-PCI (\S+) (\S+) (\S+) driver=(\S+) override=(\S+) group=(\S+)\s*$/);
    if (m) out.set(m[1], { id: m[2], cls: m[3], driver: m[4], override: m[5], group: m[6] });
  }
  return undefined; // cut off: the block never ended
}

export function lineValue(serial, tag) {
  const m = serial.replace(/\r/g, '').match(new RegExp(`^${tag} (.*)$`, 'm'));
  return m?.[1];
}

export const stepExit = (serial) => {
  const v = lineValue(serial, 'VFIO-STEP');
  const m = v?.match(/^exit=(\d+)/);
  return m ? Number(m[1]) : undefined;
};

export const checkDone = (serial) => /^VFIO-CHECK-DONE /m.test(serial.replace(/\r/g, ''));

/** Uptime (s) at which the check started: the guest's boot time. */
export const bootUptime = (serial) => Number(lineValue(serial, 'VFIO-CHECK-START')?.match(/uptime=([\d.]+)/)?.[1] ?? NaN);

export function formatPci(pci) {
  return [...pci].map(([bdf, d]) => `  ${bdf} ${d.id} ${d.cls} driver=${d.driver} override=${d.override} group=${d.group}`).join('\n');
}
