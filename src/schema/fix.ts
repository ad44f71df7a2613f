// A fix is a plan: ordered steps that rendering shows and only apply/ executes.
import { z } from 'zod';

/** A change to a libvirt domain definition, redone by apply/ on the definition as libvirt has it then. */
export const DomainOp = z.discriminatedUnion('type', [
  /** Replace the <hostdev> elements of these cards (by host slot) with one per function, on one guest slot. */
  z.object({ type: z.literal('replace-hostdevs'), bdfs: z.array(z.string()), guest: z.object({ bus: z.number(), slot: z.number() }).optional() }),
  /** managed='yes' on the hostdevs of these host addresses. */
  z.object({ type: z.literal('set-managed'), bdfs: z.array(z.string()) }),
  /** Drop `-set device.ALIAS.x-vga=on` (and an x-vga <qemu:property>) for these hostdev aliases. */
  z.object({ type: z.literal('remove-xvga'), aliases: z.array(z.string()) }),
]);
export type DomainOp = z.infer<typeof DomainOp>;

export const FixStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('edit'),
    path: z.string(),
    description: z.string(),
    /** Unified diff against the file as it is now, when its content is known. */
    diff: z.string().optional(),
    /** The whole new content for files the fix creates. */
    content: z.string().optional(),
    mode: z.string().optional().describe('octal file mode for created files, e.g. "0755"'),
    /** The file already has this change: nothing to write. */
    noop: z.boolean().optional(),
    /** The edit expressed as an operation, so apply/ can redo it on the real file. */
    op: z
      .discriminatedUnion('type', [
        z.object({
          type: z.literal('cmdline'),
          variable: z.string().optional(),
          add: z.array(z.string()),
          remove: z.array(z.string()),
          /** The line to start from when the file does not exist (/etc/kernel/cmdline: the running command line). */
          seed: z.string().optional(),
        }),
        z.object({ type: z.literal('append-lines'), lines: z.array(z.string()) }),
        z.object({ type: z.literal('modprobe-option'), module: z.string(), param: z.string(), value: z.string() }),
        z.object({ type: z.literal('remove-lines'), match: z.array(z.string()) }),
        z.object({ type: z.literal('create'), content: z.string() }),
        /** A `key: a,b,c` line (booster.yaml's modules_force_load): values merged into the one line, never a second key. */
        z.object({ type: z.literal('key-list'), key: z.string(), values: z.array(z.string()) }),
      ])
      .optional(),
  }),
  z.object({
    kind: z.literal('command'),
    argv: z.array(z.string()),
    description: z.string(),
    root: z.boolean().default(true),
  }),
  /**
   * Edit a libvirt domain the supported way: dump its definition (kept as the backup), apply `op` to a copy,
   * virt-xml-validate the copy, `virsh define` it; undo defines the backup again. Never a hand edit of /etc/libvirt/qemu.
   */
  z.object({ kind: z.literal('domain'), domain: z.string(), description: z.string(), op: DomainOp }),
  z.object({ kind: z.literal('reboot'), description: z.string() }),
  z.object({ kind: z.literal('manual'), description: z.string() }),
  z.object({
    kind: z.literal('verify'),
    description: z.string(),
    argv: z.array(z.string()).optional(),
    expect: z.string().optional(),
    /** The check reads something only root may read (a restricted kernel log, a 0600 initramfs): shown with sudo. */
    root: z.boolean().optional(),
  }),
]);
export type FixStep = z.infer<typeof FixStep>;

export const Fix = z.object({
  id: z.string().describe('stable id, accepted by `vfio-doctor fix`'),
  title: z.string(),
  /** Which host setup this variant is for, e.g. "GRUB (update-grub)". */
  variant: z.string().optional(),
  /** True for the variant that matches the detected host (or the likeliest when unknown). */
  recommended: z.boolean().default(false),
  needsReboot: z.boolean().default(false),
  needsInitramfs: z.boolean().default(false),
  warnings: z.array(z.string()).default([]),
  /** Set when the fix hands the boot display or the only GPU to vfio-pci: applying it needs an explicit yes. */
  risk: z.enum(['boot-gpu', 'only-gpu']).optional(),
  steps: z.array(FixStep),
});
export type Fix = z.infer<typeof Fix>;
