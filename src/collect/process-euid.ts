// The effective user id of this process, shared by the live HostIO and the live ApplyIO (both ask "are we root?").
/** undefined where the platform has no geteuid (Windows): callers treat that as "not known". */
export const processEuid = (): number | undefined => (typeof process.geteuid === 'function' ? process.geteuid() : undefined);
