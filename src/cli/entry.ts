/**
 * The process entry of the `vigil` command: runs the CLI on the process arguments and sets the
 * exit code. bin/vigil.js loads the compiled copy (dist/cli/entry.js); `npm run dev` runs this
 * source through tsx.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
