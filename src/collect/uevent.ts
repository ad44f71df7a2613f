// A PCI function's sysfs `uevent` file: IDs, class and bound driver in one read instead of six.

export interface PciUevent {
  vendor?: string;
  device?: string;
  /** Six hex digits, as the class file has them after its 0x. */
  class?: string;
  subVendor?: string;
  subDevice?: string;
  driver?: string;
  /** pci_uevent's IDs and class are all there, so the file is the kernel's: no DRIVER= line means no driver is bound. */
  complete: boolean;
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const allHex = (s: string) => {
  for (let i = 0; i < s.length; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
};
/** "10DE:2204" → ["10de", "2204"]; undefined for anything else. */
const pair = (v: string) => (v.length === 9 && v.charCodeAt(4) === 0x3a && allHex(v.slice(0, 4)) && allHex(v.slice(5)) ? [v.slice(0, 4).toLowerCase(), v.slice(5).toLowerCase()] : undefined);

/** The value of the line [at, end) when the line is `key…`. */
const valueOf = (text: string, at: number, end: number, key: string) => (text.startsWith(key, at) ? text.slice(at + key.length, end).trim() : undefined);

/**
 * A file exactly as the kernel writes it (below), whole: what the loop in parseUevent reads from it, in one regex run.
 * A sysroot's thousands of functions are read without V8's optimising compiler, where the loop cost ~2.9 µs a file
 * and this ~1.2 µs. Anything else (another order, a repeated key, CRLF, blanks) goes the loop's way.
 */
const KERNEL_LAYOUT =
  /^(?:DRIVER=(\S+)\n)?PCI_CLASS=([0-9A-Fa-f]{1,6})\nPCI_ID=([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})\nPCI_SUBSYS_ID=([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})(?:\nPCI_SLOT_NAME=[^\n]*)?(?:\nMODALIAS=[^\n]*)?\n?$/;

/**
 * The kernel writes DRIVER= (drivers/base/core.c dev_uevent, only while a driver is bound), then pci_uevent's
 * PCI_CLASS=%04X, PCI_ID=%04X:%04X, PCI_SUBSYS_ID=%04X:%04X, PCI_SLOT_NAME and MODALIAS (drivers/pci/pci-driver.c).
 */
export function parseUevent(text: string): PciUevent {
  const k = KERNEL_LAYOUT.exec(text);
  if (k) {
    const out: PciUevent = { complete: false };
    if (k[1]) out.driver = k[1];
    out.class = k[2]!.toLowerCase().padStart(6, '0');
    out.vendor = k[3]!.toLowerCase();
    out.device = k[4]!.toLowerCase();
    out.subVendor = k[5]!.toLowerCase();
    out.subDevice = k[6]!.toLowerCase();
    out.complete = true;
    return out;
  }
  return parseUeventLines(text);
}

/** parseUevent without its one-regex path: line by line (test/collect/pci-fast-path.test.ts compares the two). */
export function parseUeventLines(text: string): PciUevent {
  const out: PciUevent = { complete: false };
  // Line by line without splitting: only the four keys read here are cut out (thousands of functions).
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const at = start;
    start = end + 1;
    const c = text.charCodeAt(at);
    if (c === 0x44) {
      const v = valueOf(text, at, end, 'DRIVER=');
      if (v) out.driver = v;
    } else if (c === 0x50) {
      let v: string | undefined;
      if ((v = valueOf(text, at, end, 'PCI_CLASS=')) !== undefined) {
        // %04X of a 24-bit class: "30000" is 0x030000, "C0330" is 0x0c0330.
        if (v.length >= 1 && v.length <= 6 && allHex(v)) out.class = v.toLowerCase().padStart(6, '0');
      } else if ((v = valueOf(text, at, end, 'PCI_ID=')) !== undefined) {
        const p = pair(v);
        if (p) [out.vendor, out.device] = p;
      } else if ((v = valueOf(text, at, end, 'PCI_SUBSYS_ID=')) !== undefined) {
        const p = pair(v);
        if (p) [out.subVendor, out.subDevice] = p;
      }
    }
  }
  out.complete = out.vendor !== undefined && out.class !== undefined && out.subVendor !== undefined;
  return out;
}
