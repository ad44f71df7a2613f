// Loads the rules' READMEs as text for the chat's search: the build puts them all in one module (one chunk to load,
// not fifty); unbundled (tests), each README is imported on its own. Chinese READMEs (README.zh.md) sit beside them.
import type { Lang } from '../i18n/lang';

/** README text per rule id in `lang`; a rule without a README in that language falls back to the English one. */
export async function loadRuleDocs(ids: readonly string[], lang: Lang = 'en'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    const all = (await import('virtual:rule-docs')).default;
    for (const id of ids) {
      const text = (lang === 'zh' ? all[`${id}@zh`] : undefined) ?? all[id];
      if (typeof text === 'string') out[id] = text;
    }
    return out;
  } catch {
    // not bundled: read them one by one
  }
  const read = async (path: string): Promise<string | undefined> => {
    try {
      const mod = (await import(path)) as { default: string };
      return typeof mod.default === 'string' ? mod.default : undefined;
    } catch {
      return undefined; // no such README (or a runner without the .md loader): the rule is still searchable by its metadata
    }
  };
  await Promise.all(
    ids.map(async (id) => {
      const text = (lang === 'zh' ? await read(`../../rules/${id}/README.zh.md`) : undefined) ?? (await read(`../../rules/${id}/README.md`));
      if (text !== undefined) out[id] = text;
    }),
  );
  return out;
}
