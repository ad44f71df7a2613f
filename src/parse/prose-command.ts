// Commands named outside a prompt: in the prose line that introduces a fenced block ("`lsmod | grep kvm` outputs
// this:"), or written bare as the block's first line ("dmesg | grep -i -e DMAR -e IOMMU" with no $ before it).
const TOOLS = /^(?:sudo\s+)?(?:lspci|dmesg|journalctl|lsmod|cat|grep|egrep|find|ls|virsh|driverctl|lsinitramfs|lsinitcpio|lsinitrd|virt-host-validate|uname|modinfo|lscpu|head|tail|zcat)(?=\s|$)/;
// A bare line must look like a command, not output that starts with the same word: the word alone, or followed by
// an option, a path, a quote, or a pipe.
const BARE = /^(?:sudo\s+)?[\w-]+(?:$|\s+(?:-|\/|'|"|\||\.\s|\$\())/;

/** The command a prose line names in inline code, when the line introduces what follows (ends with ":"). */
export function commandInProse(line: string): string | undefined {
  const t = line.trim();
  if (!t.endsWith(':') || !t.includes('`')) return undefined;
  const parts = t.split('`');
  for (let i = parts.length - 2; i >= 1; i -= 2) {
    const span = parts[i]!.trim();
    if (TOOLS.test(span)) return span;
  }
  return undefined;
}

/** A command written without a prompt as the first line of a fenced block. */
export function bareCommand(line: string): string | undefined {
  const t = line.trim();
  return TOOLS.test(t) && BARE.test(t) ? t : undefined;
}
