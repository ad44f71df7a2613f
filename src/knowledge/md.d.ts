// Markdown files are bundled as text (esbuild's .md loader), e.g. the rules' READMEs.
declare module '*.md' {
  const text: string;
  export default text;
}

// Every rule's README in one module, made by the build (scripts/build.mjs); absent when the sources run unbundled.
declare module 'virtual:rule-docs' {
  const docs: Record<string, string>;
  export default docs;
}
