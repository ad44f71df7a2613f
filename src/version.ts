// The tool's version: package.json's, read at build time by the bundler and at test time by vitest.
import pkg from '../package.json';

export const VERSION: string = pkg.version;
