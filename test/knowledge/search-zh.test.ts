// Questions in Chinese (the guide's own steps, and what its readers ask) reach the right article or rule, in Chinese.
import { describe, expect, it } from 'vitest';
import { testKnowledge } from './helpers';
import { answerQuestion } from '../../src/knowledge/answer';
import { tokenizeZh } from '../../src/knowledge/search';
import { ARTICLES } from '../../src/knowledge/articles';
import { ARTICLES_ZH } from '../../src/knowledge/articles-zh';
import { hasCjk } from '../../src/i18n/space';

const k = testKnowledge();

/** The question → the documents any of which is a right answer (article:… or rule:…). */
const QUESTIONS: [string, string[]][] = [
  ['如何启用 IOMMU', ['article:enable-iommu']],
  ['BIOS 里要打开哪些虚拟化选项?', ['article:enable-iommu', 'rule:iommu-firmware-disabled', 'rule:vtx-disabled-by-bios', 'rule:svm-disabled-by-bios']],
  ['如何屏蔽显卡驱动', ['article:host-driver']],
  ['两张相同型号的显卡怎么直通', ['article:identical-gpus', 'rule:identical-gpus-id-collision']],
  ['为什么我的 GPU 和 SATA 控制器在同一个 IOMMU 组', ['article:iommu-groups', 'rule:group-not-isolated', 'rule:group-not-viable']],
  ['怎么查看显卡在哪个 IOMMU 组', ['article:iommu-groups']],
  ['怎么确认显卡已经被 vfio-pci 接管了', ['article:read-lspci', 'article:host-driver']],
  ['ACS override 补丁安全吗', ['article:acs-override', 'rule:acs-override-active']],
  ['虚拟机里 N 卡驱动报错代码 43 怎么办', ['article:code-43', 'rule:nvidia-code43-legacy-driver']],
  ['AMD 显卡重启虚拟机后黑屏,重置问题怎么解决', ['article:amd-reset-bug', 'rule:amd-reset-bug']],
  ['只有一张显卡能直通吗', ['article:single-gpu', 'rule:single-gpu-boot-vga']],
  ['想把显卡还给宿主机,怎么恢复', ['article:restore-gpu']],
  ['怎么把显卡加到 KVM 虚拟机里', ['article:vm-config']],
  ['iommu=pt 有什么用', ['article:iommu-pt']],
  ['Ubuntu 上 vfio-pci 编译进内核了,modprobe.d 的配置不生效', ['article:vfio-builtin', 'rule:vfio-pci-builtin-modprobe-ignored']],
];

describe('Chinese questions', () => {
  it.each(QUESTIONS)('%s', (q, want) => {
    const hits = k.search(q, 3);
    expect(hits.length, `no hit for ${q}`).toBeGreaterThan(0);
    expect(want, `top hits: ${hits.map((h) => `${h.doc.key} ${h.score.toFixed(2)}`).join(', ')}`).toContain(hits[0]!.doc.key);
    // The answer is written from the Chinese text.
    const a = answerQuestion(q, k, undefined);
    expect(a.matched).toBe(true);
    expect(hasCjk(a.title ?? '')).toBe(true);
    expect(a.body.some(hasCjk)).toBe(true);
  });

  it('does not answer Chinese small talk with a random document', () => {
    expect(answerQuestion('你好,在吗?', k, undefined).matched).toBe(false);
    expect(answerQuestion('谢谢', k, undefined).matched).toBe(false);
  });

  it('an English question still searches the English texts', () => {
    const a = answerQuestion('how do I enable the iommu?', k, undefined);
    expect(a.title).toMatch(/Turning the IOMMU on/);
  });
});

describe('tokenizeZh', () => {
  it('pairs the characters of Chinese runs, drops question words, keeps Latin terms', () => {
    const t = tokenizeZh('为什么我的 GPU 和 SATA 控制器在同一个 IOMMU 组?');
    expect(t).toEqual(expect.arrayContaining(['gpu', 'sata', 'iommu', '控制', '制器']));
    expect(t).not.toContain('为什');
    expect(t).not.toContain('什么');
  });
});

describe('articles in Chinese', () => {
  it('every article has a Chinese version, and no Chinese version lacks an article', () => {
    expect(Object.keys(ARTICLES_ZH).sort()).toEqual(ARTICLES.map((a) => a.id).sort());
  });
  it('keeps every command and option of the English article', () => {
    for (const a of ARTICLES) {
      const zh = ARTICLES_ZH[a.id]!;
      const codes = [...a.body.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      for (const c of codes) expect(zh.body, `${a.id}: ${c}`).toContain(c);
    }
  });
});
