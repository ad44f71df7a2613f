// How the kernel reads one vfio-pci.ids entry (drivers/vfio/pci/vfio_pci.c vfio_pci_fill_ids(): sscanf "%x:%x:%x:%x:%x:%x").

/** How many fields the kernel's sscanf reads: fewer than 2 is "invalid id string". */
export function scanFields(tok: string): number {
  const m = /^\s*(?:0x)?[0-9a-f]+(?::(?:0x)?[0-9a-f]+)*/i.exec(tok);
  return m ? m[0].split(':').length : 0;
}
