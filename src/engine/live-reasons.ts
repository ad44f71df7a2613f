// "Could not check" on the live host: the collector already read what a paste would hold, so "paste lsmod" or "paste
// /etc/mkinitcpio.conf" would ask the user to do the tool's job. There, the reason says the input is not on this host.

/** What the live collector reads itself (src/collect): files under /proc, /sys, /etc, /boot and the commands it runs. */
const COLLECTED = /^(?:paste:?\s+)?(?:the whole\s+)?(?:sudo\s+)?(?:cat\s+|ls\s+(?:-\S+\s+)?|grep\s+\S+\s+)?(?:\/proc\/|\/sys\/|\/etc\/|\/boot\/|lsmod\b|lspci\b|lscpu\b|uname\b|vfio-doctor collect\b|the one-line group script)/;

/** The reason a rule could not run, worded for the live host when it asks for something the collector reads. */
export function liveReason(reason: string): string {
  let dropped = false;
  // Every "(what to paste)" naming something the collector reads goes: it was read, and was not there.
  const main = reason.replace(/\s*\(([^()]*)\)/g, (all, inner: string) => (COLLECTED.test(inner.trim()) ? ((dropped = true), '') : all));
  if (!dropped) return reason;
  const here = main.replace(/\b(was|were) given\b/, '$1 found on this host');
  return here === main ? `${main} on this host` : here;
}
