// "Could not check" on the live host: the collector already read what a paste would hold, so "paste lsmod" or "paste
// /etc/mkinitcpio.conf" would ask the user to do the tool's job. There, the reason says the input is not on this host.

/** What the live collector reads itself (src/collect): files under /proc, /sys, /etc, /boot and the commands it runs. */
const COLLECTED = /^(?:paste:?\s+)?(?:the whole\s+)?(?:sudo\s+)?(?:cat\s+|ls\s+(?:-\S+\s+)?|grep\s+\S+\s+)?(?:\/proc\/|\/sys\/|\/etc\/|\/boot\/|lsmod\b|lspci\b|lscpu\b|uname\b|vfio-doctor collect\b|the one-line group script)/;

/** The reason a rule could not run, worded for the live host when it asks for something the collector reads. */
export function liveReason(reason: string): string {
  // What is not "in the input" was looked for on this host, which is the input.
  reason = reason.replace(/\bin the input\b/g, 'on this host').replace(/输入中/g, '这台宿主机上');
  let dropped = false;
  // The Chinese wording (engine/inputs.ts): "未提供…（请粘贴：…）".
  if (/（请粘贴：/.test(reason)) {
    const main = reason.replace(/（请粘贴：([^（）]*)）/g, (all, inner: string) => (COLLECTED.test(inner.trim()) ? ((dropped = true), '') : all));
    if (!dropped) return reason;
    return main.startsWith('未提供') ? `这台宿主机上没有找到${main.slice(3)}` : `${main}（这台宿主机上）`;
  }
  // Every "(what to paste)" naming something the collector reads goes: it was read, and was not there.
  const main = reason.replace(/\s*\(([^()]*)\)/g, (all, inner: string) => (COLLECTED.test(inner.trim()) ? ((dropped = true), '') : all));
  if (!dropped) return reason;
  const here = main.replace(/\b(was|were) given\b/, '$1 found on this host');
  return here === main ? `${main} on this host` : here;
}
