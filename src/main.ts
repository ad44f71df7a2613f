// The ESM program (dist/main.js and its lazily loaded chunks): every command, the chat and live runs included.
// dist/cli.cjs hands over to it when the code-cached core does not answer the command line itself.
import { main } from './cli/run';

main(process.argv.slice(2));
