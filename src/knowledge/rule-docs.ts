// Loads the rules' READMEs as text for the chat's search: the build puts them all in one module (one chunk to load,
// not fifty); unbundled (tests), each README is imported on its own.
export async function loadRuleDocs(ids: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    const all = (await import('virtual:rule-docs')).default;
    for (const id of ids) if (typeof all[id] === 'string') out[id] = all[id];
    return out;
  } catch {
    // not bundled: read them one by one
  }
  await Promise.all(
    ids.map(async (id) => {
      try {
        const mod = (await import(`../../rules/${id}/README.md`)) as { default: string };
        if (typeof mod.default === 'string') out[id] = mod.default;
      } catch {
        // A rule without a README (or a runner without the .md loader) is still searchable by its metadata.
      }
    }),
  );
  return out;
}
