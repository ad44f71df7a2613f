// Checking --gpu, --only and --ignore against what exists: a typo must be a usage error, not "No problems found".
import type { Args } from './args';
import { UsageError } from './args';
import type { Host } from '../facts/host';
import { normalizeBdf, shortBdf } from '../pci/bdf';
import { RULES } from '../../rules/index';
import { suggest } from './did-you-mean';
import { tr } from '../i18n/lang';

export { didYouMean, suggest } from './did-you-mean';

/** --only and --ignore name rules: each must be one (vfio-doctor rules lists them). */
export function checkRuleIds(args: Pick<Args, 'only' | 'ignore'>): void {
  const ids = RULES.map((r) => r.meta.id);
  for (const [flag, list] of [['--only', args.only], ['--ignore', args.ignore]] as const)
    for (const id of list) if (!ids.includes(id)) throw new UsageError(tr(`${flag} ${id}: no such rule${suggest(id, ids)}; vfio-doctor rules lists them`, `${flag} ${id}：没有这条规则${suggest(id, ids)}；vfio-doctor rules 可列出所有规则`));
}

/**
 * --gpu must name a device of the input. Only checked when the input lists PCI devices: without a device list the
 * device is unknown, not absent. A value that is not a PCI address at all is always an error.
 */
export function checkGpus(args: Pick<Args, 'gpus'>, host: Pick<Host, 'facts'>): void {
  const known = host.facts.pci.map((d) => d.bdf);
  for (const g of args.gpus) {
    const bdf = normalizeBdf(g) ?? normalizeBdf(`${g}.0`);
    if (!bdf) throw new UsageError(tr(`--gpu ${g} is not a PCI address (like 01:00.0; lspci lists them)`, `--gpu ${g} 不是 PCI 地址（形如 01:00.0;lspci 可列出）`));
    if (known.length && !known.includes(bdf)) {
      const names = known.map(shortBdf);
      throw new UsageError(tr(`--gpu ${g}: no device at ${shortBdf(bdf)} in the input${suggest(shortBdf(bdf), names)}`, `--gpu ${g}：输入中 ${shortBdf(bdf)} 处没有设备${suggest(shortBdf(bdf), names)}`));
    }
  }
}
