// What the chat's answers share with the search without loading it (Fuse and the articles load after the first frame):
// markdown made plain, and the score below which a hit is noise.

/** Markdown → plain text good enough for searching and quoting. */
export function stripMarkdown(md: string): string {
  return md
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s.,;:)]|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

/** Below this a hit is noise (one weak, common word). */
export const MIN_SCORE = 1.2;
