// Knowledge search: the right article or rule for the questions people ask, and nothing for noise.
import { describe, it, expect } from 'vitest';
import { testKnowledge } from './helpers';
import { answerQuestion } from '../../src/knowledge/answer';
import { tokenize } from '../../src/knowledge/search';
import { diagnoseFull } from '../../src/index';
import { SATA_GROUP_HOST } from '../ui/hosts';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';

const k = testKnowledge();
const top = (q: string) => k.search(q, 3)[0]?.doc.key;

describe('knowledge search', () => {
  it.each([
    ['why is my gpu in the same group as my sata controller', /^(rule:group-not-isolated|article:iommu-groups)$/],
    ['what is an iommu group', /^article:iommu-groups$/],
    ['is the acs override safe?', /^article:acs-override$/],
    ['pcie_acs_override risk', /^article:acs-override$/],
    ['code 43', /^article:code-43$/],
    ['amd reset bug', /^article:amd-reset-bug$/],
    ['looking glass', /^article:looking-glass$/],
    ['what does iommu=pt do', /^article:iommu-pt$/],
    ['how do I read lspci -nnk', /^article:read-lspci$/],
    ['single gpu passthrough', /^article:single-gpu$/],
    ['options vfio-pci ids ignored on ubuntu', /^article:vfio-builtin$/],
    ['two identical gpus', /^(article:identical-gpus|rule:identical-gpus-id-collision)$/],
    ['how do I enable vt-d', /^(article:enable-iommu|rule:intel-iommu-not-enabled|rule:iommu-firmware-disabled)$/],
    ['my hdmi audio function', /companion-functions$/],
  ])('%s → %s', (q, want) => {
    expect(top(q)).toMatch(want);
  });

  it('finds nothing for noise', () => {
    expect(answerQuestion('what is the weather like in paris', k, undefined).matched).toBe(false);
    expect(answerQuestion('banana bread recipe', k, undefined).matched).toBe(false);
  });

  it('tokenizes questions: stop words out, plurals folded', () => {
    expect(tokenize('Why are my GPUs in the same groups?')).toEqual(['gpu', 'same', 'group']);
  });

  it('searches the rules\' READMEs too', () => {
    expect(k.readme('group-not-isolated')).toMatch(/Why it matters/);
    expect(k.docs.some((d) => d.kind === 'rule' && d.body.includes('Why it matters'))).toBe(true);
  });
});

describe('answers with host facts', () => {
  it('quotes the group the GPU shares with the SATA controller, and the fix', () => {
    const { report, host } = diagnoseFull([{ source: 'pasted text', text: SATA_GROUP_HOST }], { live: false, gpus: ['04:00.0'] });
    const a = answerQuestion('why is my gpu in the same group as my sata controller', k, { report, host });
    expect(a.matched).toBe(true);
    expect(a.hostFacts.join(' ')).toContain('Your GPU at 04:00.0 shares IOMMU group 13 with the USB controller at 01:00.0');
    expect(a.hostFacts.join(' ')).toContain('the SATA controller at 01:00.1');
    expect(a.hostFacts.join(' ')).not.toContain('01:00.2'); // the bridge is fine
    expect(a.body.join(' ')).toMatch(/ACS/);
    expect(a.findings.map((f) => f.finding.id)).toContain('group-not-isolated');
  });

  it('under a question nothing answers, gives the host\'s problems (errors and warnings), numbered as the chat shows them', () => {
    const { report, host } = diagnoseFull([{ source: 'pasted text', text: SATA_GROUP_HOST }], { live: false, gpus: ['04:00.0'] });
    const a = answerQuestion('why is my gpu not working', k, { report, host });
    expect(a.matched).toBe(false);
    const problems = report.findings.map((f, i) => ({ n: i + 1, f })).filter(({ f }) => f.severity !== 'info');
    expect(problems.length).toBeGreaterThan(0);
    expect(a.findings.map((x) => [x.n, x.finding.id])).toEqual(problems.slice(0, 5).map(({ n, f }) => [n, f.id]));
    expect(answerQuestion('why is my gpu not working', k, undefined).findings).toEqual([]);
  });

  it('says a lone GPU group is fine, and names identical cards', () => {
    const { report, host } = diagnoseFull([{ source: 'pasted text', text: DEMO_BUNDLE }], { live: false });
    expect(answerQuestion('what is an iommu group', k, { report, host }).hostFacts.join(' ')).toMatch(/Your GPU at 01:00\.0 is alone in IOMMU group 17/);
    expect(answerQuestion('why do identical gpus need driver_override', k, { report, host }).hostFacts.join(' ')).toMatch(/01:00\.0 and 05:00\.0 share the ID 10de:2203/);
    expect(answerQuestion('code 43', k, { report, host }).hostFacts.join(' ')).toMatch(/is an NVIDIA card/);
  });
});
