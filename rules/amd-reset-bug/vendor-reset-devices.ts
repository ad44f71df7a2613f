// AMD GPU device IDs that gnif/vendor-reset handles, by family (src/device-db.h on its master branch, last changed by
// 1374629 "add support for AMD Instinct MI100", 2024; 0x1681, the Rembrandt 680M, is not in upstream's table, though a copy elsewhere lists it).
// https://github.com/gnif/vendor-reset — the udev rule there sets reset_method=device_specific for exactly these IDs.

export interface ResetFamily {
  family: string;
  cards: string;
  ids: string[];
  /** The tag vendor-reset puts before its messages for these cards (device-db.h DEVICE_INFO(x), printed by vr_info). */
  tag: string;
}

export const VENDOR_RESET_FAMILIES: ResetFamily[] = [
  { family: 'Polaris 10', cards: 'RX 470, 480, 570, 580, 590', ids: ['67c0', '67c1', '67c2', '67c4', '67c7', '67d0', '67df', '67c8', '67c9', '67ca', '67cc', '67cf', '6fdf'], tag: 'AMD_POLARIS10' },
  { family: 'Polaris 11', cards: 'RX 460, 560', ids: ['67e0', '67e3', '67e8', '67eb', '67ef', '67ff', '67e1', '67e7', '67e9'], tag: 'AMD_POLARIS11' },
  { family: 'Polaris 12', cards: 'RX 540, 550', ids: ['6980', '6981', '6985', '6986', '6987', '6995', '6997', '699f'], tag: 'AMD_POLARIS12' },
  { family: 'Vega 10', cards: 'Vega 56/64/FE', ids: ['6860', '6861', '6862', '6863', '6864', '6867', '6868', '6869', '686a', '686b', '686c', '686d', '686e', '686f', '687f'], tag: 'AMD_VEGA10' },
  { family: 'Vega 20', cards: 'Radeon VII', ids: ['66a0', '66a1', '66a2', '66a3', '66a4', '66a7', '66af'], tag: 'AMD_VEGA20' },
  { family: 'Arcturus (Vega 20 reset)', cards: 'Instinct MI100', ids: ['738c'], tag: 'AMD_VEGA20' },
  { family: 'Navi 10', cards: 'RX 5600 XT, 5700, 5700 XT', ids: ['7310', '7312', '7318', '7319', '731a', '731b', '731e', '731f'], tag: 'AMD_NAVI10' },
  { family: 'Navi 12', cards: 'Pro 5600M', ids: ['7360', '7362'], tag: 'AMD_NAVI12' },
  { family: 'Navi 14', cards: 'Pro 5300, RX 5300, 5500 XT', ids: ['7340', '7341', '7347', '734f'], tag: 'AMD_NAVI14' },
];

/** The vendor-reset family of an AMD (1002) device ID, if vendor-reset supports it. */
export function resetFamilyOf(device: string | undefined): ResetFamily | undefined {
  const id = device?.toLowerCase();
  return id ? VENDOR_RESET_FAMILIES.find((f) => f.ids.includes(id)) : undefined;
}

/**
 * The family vendor-reset's tag names ("vfio-pci 0000:28:00.0: AMD_NAVI10: …"): its log lines identify a card whose
 * device ID was not given. AMD_VEGA20 also covers the MI100 (device-db.h _AMD_ARCTURUS uses DEVICE_INFO(AMD_VEGA20)), so
 * the first family with the tag — Vega 20 — is named, with the MI100 added to its cards.
 */
export function resetFamilyOfTag(tag: string): ResetFamily | undefined {
  const all = VENDOR_RESET_FAMILIES.filter((f) => f.tag === tag);
  if (all.length <= 1) return all[0];
  return { ...all[0]!, cards: all.map((f) => f.cards).join(', '), ids: all.flatMap((f) => f.ids) };
}
