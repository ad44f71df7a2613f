// The driver-name lists: the per-vendor GPU drivers are derived from the display-driver table, in its order.
import { describe, it, expect } from 'vitest';
import { GPU_DRIVER_VENDOR, GPU_DRIVERS_BY_VENDOR, LOG_DRIVERS } from '../../src/pci/drivers';

describe('driver names', () => {
  it('each vendor lists its display drivers, in-tree driver first', () => {
    expect(GPU_DRIVERS_BY_VENDOR['10de']).toEqual(['nvidia', 'nouveau']);
    expect(GPU_DRIVERS_BY_VENDOR['1002']).toEqual(['amdgpu', 'radeon']);
    expect(GPU_DRIVERS_BY_VENDOR['8086']).toEqual(['i915', 'xe']);
    expect(GPU_DRIVERS_BY_VENDOR['1af4']).toBeUndefined();
  });

  it('the log lane keeps every display driver\'s device lines', () => {
    for (const d of Object.keys(GPU_DRIVER_VENDOR)) expect(LOG_DRIVERS).toContain(d);
  });
});
