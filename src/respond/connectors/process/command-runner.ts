/**
 * Where firewall commands run: on this machine, inside a network namespace, or on a managed
 * host over SSH. Commands are argv arrays; over SSH each argument is quoted for the remote
 * shell, and rule text travels on stdin, so no value is ever interpreted by a shell.
 */
import { type ProcessResult, runProcess } from './run-process.js';

export interface CommandRunner {
  readonly description: string;
  /** The argv that would really be executed for `argv` (for dry-run display). */
  wrap(argv: readonly string[]): string[];
  run(argv: readonly string[], options?: { input?: string; signal?: AbortSignal }): Promise<ProcessResult>;
}

function runnerFrom(description: string, wrap: (argv: readonly string[]) => string[]): CommandRunner {
  return {
    description,
    wrap,
    run: (argv, options = {}) =>
      runProcess(wrap(argv), {
        ...(options.input !== undefined ? { input: options.input } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
  };
}

export const localRunner = (): CommandRunner => runnerFrom('local', (argv) => [...argv]);

/** Runs inside `ip netns exec NAME` (needs root). */
export function namespaceRunner(namespace: string): CommandRunner {
  if (!/^[A-Za-z0-9_.-]+$/.test(namespace)) throw new Error(`invalid namespace name ${namespace}`);
  return runnerFrom(`netns ${namespace}`, (argv) => ['ip', 'netns', 'exec', namespace, ...argv]);
}

/** Quotes one argument for a POSIX shell: `'…'` with embedded quotes closed and escaped. */
export const shellQuote = (argument: string): string => `'${argument.replaceAll("'", `'\\''`)}'`;

/** Runs on `destination` over SSH in batch mode (key authentication, no prompts). */
export function sshRunner(destination: string, options: { port?: number; identityFile?: string } = {}): CommandRunner {
  if (!/^[A-Za-z0-9_.@:-]+$/.test(destination) || destination.startsWith('-'))
    throw new Error(`invalid SSH destination ${destination}`);
  return runnerFrom(`ssh ${destination}`, (argv) => [
    'ssh',
    '-o',
    'BatchMode=yes',
    ...(options.port ? ['-p', String(options.port)] : []),
    ...(options.identityFile ? ['-i', options.identityFile] : []),
    '--',
    destination,
    argv.map(shellQuote).join(' '),
  ]);
}
