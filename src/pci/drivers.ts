// Driver names the tool recognises in kernel log lines: shared by the log lane (which lines to keep) and the facts.

/** Drivers whose device messages ("amdgpu 0000:0b:00.0: …") tell which driver owns a device (the log lane keeps them). */
export const LOG_DRIVERS = ['nvidia', 'nouveau', 'amdgpu', 'radeon', 'i915', 'xe', 'snd_hda_intel', 'xhci_hcd', 'nvidia-gpu', 'vfio-pci', 'pci-stub'];

/** Display drivers: a line "amdgpu 0000:03:00.0: …" is printed by dev_printk for a device that driver handles, a GPU. */
export const GPU_DRIVER_VENDOR: Record<string, { vendor: string; label: string }> = {
  nvidia: { vendor: '10de', label: 'NVIDIA GPU' },
  nouveau: { vendor: '10de', label: 'NVIDIA GPU' },
  amdgpu: { vendor: '1002', label: 'AMD GPU' },
  radeon: { vendor: '1002', label: 'AMD GPU' },
  i915: { vendor: '8086', label: 'Intel GPU' },
  xe: { vendor: '8086', label: 'Intel GPU' },
};

/** The display drivers of each vendor ("10de" → nvidia, nouveau): what may grab a GPU before vfio-pci. */
export const GPU_DRIVERS_BY_VENDOR: Record<string, string[]> = {};
for (const [driver, { vendor }] of Object.entries(GPU_DRIVER_VENDOR)) (GPU_DRIVERS_BY_VENDOR[vendor] ??= []).push(driver);
