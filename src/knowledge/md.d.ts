// Markdown files are bundled as text (esbuild's .md loader), e.g. the rules' READMEs.
declare module '*.md' {
  const text: string;
  export default text;
}
