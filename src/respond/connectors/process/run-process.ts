/**
 * Runs an executable with an argv array (never through a shell), a clean environment, an
 * optional stdin document, a deadline and capped output. Aborting kills the whole process group.
 */
import { spawn } from 'node:child_process';
import { ExternalServiceError } from '../../../core/index.js';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  input?: string;
  environment?: Record<string, string>;
  signal?: AbortSignal;
  /** Bytes kept of stdout and of stderr each. */
  maxOutputBytes?: number;
  cwd?: string;
}

/** A minimal environment: only a safe PATH unless the caller adds variables explicitly. */
export const cleanEnvironment = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  ...extra,
});

export function runProcess(argv: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  const [executable, ...args] = argv;
  if (!executable) return Promise.reject(new ExternalServiceError('no executable given'));
  const limit = options.maxOutputBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const child = spawn(executable, args, {
      shell: false,
      detached: true,
      env: options.environment ?? cleanEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes < limit) stdout.push(chunk.subarray(0, limit - stdoutBytes));
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < limit) stderr.push(chunk.subarray(0, limit - stderrBytes));
      stderrBytes += chunk.length;
    });
    const onAbort = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(options.signal?.reason ?? new ExternalServiceError('the process was aborted'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new ExternalServiceError(`cannot run ${executable}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(options.input ?? '');
  });
}
