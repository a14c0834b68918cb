import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createResponseScriptConnector } from '../response-script.js';
import { shellQuote, sshRunner } from './command-runner.js';
import { runProcess } from './run-process.js';

const invocation = {
  runId: 'r',
  ref: 's',
  actionType: 'run-script' as const,
  target: { kind: 'other' as const, value: 'x' },
  parameters: {},
  idempotencyKey: 'k',
};

describe('processes without a shell', () => {
  test.prop([fc.string({ maxLength: 80 })])(
    'a shell-quoted argument reaches the program verbatim, whatever it holds',
    (value) => {
      fc.pre(!value.includes('\0'));
      const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(echoed).toBe(value);
    },
  );

  it('quotes every remote argument for SSH', () => {
    const argv = sshRunner('vigil@fw1.example', { port: 2222 }).wrap(['nft', '-f', '-']);
    expect(argv).toEqual(['ssh', '-o', 'BatchMode=yes', '-p', '2222', '--', 'vigil@fw1.example', "'nft' '-f' '-'"]);
    expect(() => sshRunner('-oProxyCommand=reboot')).toThrow(/invalid SSH destination/);
  });

  it('kills the whole process group when aborted, grandchildren included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-group-'));
    const pidFile = join(folder, 'grandchild.pid');
    const controller = new AbortController();
    const running = runProcess(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], { signal: controller.signal });
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '')
      await new Promise((resolve) => setTimeout(resolve, 20));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    controller.abort(new Error('deadline'));
    await expect(running).rejects.toThrow('deadline');
    const alive = () => {
      try {
        process.kill(grandchild, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let tries = 0; tries < 100 && alive(); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive()).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  });

  it('maps script exit codes: 0 succeeds, 75 is retryable, others are final', async () => {
    const script = (code: number) =>
      createResponseScriptConnector({
        executable: 'sh',
        args: ['-c', `cat >/dev/null; echo '{"ok":true}'; echo oops >&2; exit ${code}`],
      });
    const signal = new AbortController().signal;
    expect(await script(0).execute(invocation, signal)).toEqual({ exitCode: 0, stdout: { ok: true }, stderr: 'oops' });
    await expect(script(75).execute(invocation, signal)).rejects.toMatchObject({ retryable: true });
    await expect(script(1).execute(invocation, signal)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('oops'),
    });
  });

  it('reports a missing executable as an external failure', async () => {
    await expect(runProcess(['/nonexistent/vigil-script'])).rejects.toMatchObject({ code: 'external-service-failed' });
  });
});
