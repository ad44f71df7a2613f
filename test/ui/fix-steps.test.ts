// A fix step in the chat names the file it edits as the text and markdown reports do: whenever its words do not.
import { describe, it, expect } from 'vitest';
import { stepLines } from '../../src/ui/views/fix';
import { stepLines as textStepLines } from '../../src/render/fix-text';
import { lineText } from '../../src/ui/lines';
import { makeStyle } from '../../src/render/style';
import type { FixStep } from '../../src/schema/fix';

const edit = (over: Partial<Extract<FixStep, { kind: 'edit' }>>): FixStep => ({ kind: 'edit', path: '/etc/modules-load.d/kvm.conf', description: 'Load it at every boot', ...over }) as FixStep;

describe('the file an edit step changes', () => {
  const chat = (step: FixStep) => stepLines(step, 1, 100).map(lineText).join('\n');
  const text = (step: FixStep) => textStepLines(step, 1, 100, makeStyle(false), '  ').join('\n');

  it('is shown for a diff without a header (a file whose text is not known), in the chat as in the report', () => {
    const step = edit({ diff: '+kvm_amd' });
    expect(chat(step)).toContain('file: /etc/modules-load.d/kvm.conf');
    expect(text(step)).toContain('(/etc/modules-load.d/kvm.conf)');
  });

  it('is not repeated when the description already names it', () => {
    const step = edit({ description: 'Append kvm_amd to /etc/modules-load.d/kvm.conf', content: 'kvm_amd\n' });
    expect(chat(step)).not.toContain('file:');
    expect(text(step)).not.toContain('(/etc/modules-load.d/kvm.conf)');
  });
});
