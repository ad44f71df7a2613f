// A PCI function's sysfs uevent file as the kernel writes it, for the generated sysroots (make-sysroots, the bench):
// dev_uevent's DRIVER= (only while a driver is bound), then pci_uevent's lines.
/** `d`: bdf, vendor, device, class (hex digits), driver?; `subsystem`: "vvvv:dddd". */
export function ueventText(d, subsystem) {
  const up = (x) => x.toUpperCase();
  const [sv, sd] = subsystem.split(':');
  const cls = d.class.padStart(6, '0');
  return [
    ...(d.driver ? [`DRIVER=${d.driver}`] : []),
    `PCI_CLASS=${up(parseInt(cls, 16).toString(16).padStart(4, '0'))}`,
    `PCI_ID=${up(d.vendor)}:${up(d.device)}`,
    `PCI_SUBSYS_ID=${up(sv)}:${up(sd)}`,
    `PCI_SLOT_NAME=${d.bdf}`,
    `MODALIAS=pci:v0000${up(d.vendor)}d0000${up(d.device)}sv0000${up(sv)}sd0000${up(sd)}bc${up(cls.slice(0, 2))}sc${up(cls.slice(2, 4))}i${cls.slice(4, 6)}`,
  ].join('\n');
}
