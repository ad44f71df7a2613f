// The tool's version, injected by the bundler from package.json (tests fall back to reading it).
declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';
