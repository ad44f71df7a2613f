// Loads the rules' READMEs as text for the chat's search: esbuild bundles every rules/*/README.md matched here.
export async function loadRuleDocs(ids: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
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
