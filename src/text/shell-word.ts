// A word as a shell reads it back: printed commands and the lines a fix asks a user to type.

/** `w` as is when the shell would read it unchanged, else in single quotes (an inner quote written '\''). */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
