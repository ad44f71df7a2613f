// Plurals in what users read (issue 15 point 8): "1 error", not "1 errors".
import { describe, it, expect } from 'vitest';
import { cli } from '../cli-helpers';

const ONE_ERROR = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=UUID=1 ro quiet intel_iommu=off\n';

describe('plurals', () => {
  it('the Markdown summary says 1 error, 0 warnings', async () => {
    const md = (await cli(['analyze', '-', '--markdown'], { stdin: ONE_ERROR })).stdout;
    expect(md).toMatch(/\*\*1 error, 0 warnings, \d+ notes?\*\*/);
    expect(md).not.toMatch(/\b1 errors\b/);
  });

  it('the text summary too', async () => {
    const t = (await cli(['analyze', '-'], { stdin: ONE_ERROR })).stdout;
    expect(t).toContain('Summary: 1 error, 0 warnings');
  });
});
