// The machine-type family from its name: QEMU's x86 machines are "pc" (i440fx) and "q35", versioned as pc-i440fx-X.Y / pc-q35-X.Y.
export function machineFamily(type: string): 'q35' | 'i440fx' | 'other' {
  // Proxmox pins its own revisions of a machine as NAME+pveN (qemu-server Machine.pm): "pc+pve1" is pc.
  const t = type.trim().toLowerCase().replace(/\+pve\d+$/, '');
  // hw/i386/pc_q35.c registers "q35" and "pc-q35-X.Y"; hw/i386/pc_piix.c "pc", "pc-i440fx-X.Y" (and the old "pc-X.Y").
  if (/^(?:pc-)?q35\b/.test(t)) return 'q35';
  if (/^pc$|^pc-i440fx\b|^pc-\d/.test(t)) return 'i440fx';
  return 'other';
}
