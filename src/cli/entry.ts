/**
 * The process entry of the `vigil` command: runs the CLI on the process arguments and sets the
 * exit code. bin/vigil.js loads the compiled copy (dist/cli/entry.js); `npm run dev` runs this
 * source through tsx.
 */
import { main } from './main.js';

// A reader that stops early (`vigil detect … | head`) ends the output, as it ends a Unix tool's,
// not with an unhandled EPIPE and a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
