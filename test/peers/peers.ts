/**
 * The OASIS reference implementations in ../shared/peers (medallion, taxii2-client,
 * stix2-validator, stix2-patterns), run with the machine's python3. Tests that need them call
 * `describeWithPeers` and are skipped with a visible message when they are absent; CI
 * (VIGIL_REQUIRE_SHARED=1) fails instead.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { repositoryRoot, sharedIsRequired } from '../shared-data.js';

/** ../shared/peers/python, or undefined when absent or python3 cannot import the peers. */
export function peersPythonPath(): string | undefined {
  const root = process.env.VIGIL_SHARED_PEERS ?? join(repositoryRoot, '..', 'shared', 'peers', 'python');
  return existsSync(join(root, 'stix2patterns')) ? root : undefined;
}

let pythonWorks: boolean | undefined;

function peersUsable(): boolean {
  if (!peersPythonPath()) return false;
  pythonWorks ??= spawnSync('python3', ['--version']).status === 0;
  return pythonWorks;
}

/** describe() that runs only when the peers and python3 are there; otherwise skipped with a message. */
export function describeWithPeers(name: string, body: () => void): void {
  const present = peersUsable();
  if (!present && sharedIsRequired) {
    throw new Error(`VIGIL_REQUIRE_SHARED=1 but ../shared/peers or python3 is missing (needed by "${name}")`);
  }
  (present ? describe : describe.skip)(
    present ? `${name} [peers]` : `${name} [peers] (skipped: ../shared/peers or python3 not found)`,
    body,
  );
}

function pythonEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: peersPythonPath() ?? '', PYTHONDONTWRITEBYTECODE: '1' };
}

/** Path of a helper script beside this file. */
export const peerScript = (name: string): string => join(repositoryRoot, 'test', 'peers', name);

/** Runs a python3 script once with JSON on stdin and parses its JSON stdout. */
export function runPythonJson<T>(script: string, args: readonly string[], input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], { env: pythonEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${script} exited ${code}: ${Buffer.concat(errors).toString().slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as T);
      } catch (problem) {
        reject(problem);
      }
    });
    // a script that exits early closes its stdin; its exit code and stderr say why
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(input));
  });
}

/** Starts a long-running python3 process (a peer server); stop it with `.kill()`. */
export function startPython(args: readonly string[]): ChildProcess & { output: () => string } {
  const child = spawn('python3', [...args], { env: pythonEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  return Object.assign(child, { output: () => output });
}
