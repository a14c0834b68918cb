/**
 * Starts a throw-away PostgreSQL server for tests: initdb in a temp dir, loopback only, a random
 * port, fsync off. As root, the server runs as the `postgres` user through `runuser`.
 * `available()` tells whether the binaries are installed (`.ci/run` installs them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface PostgresServer {
  port: number;
  /** Connection URL of a database (`vigil` by default). */
  url(database?: string): string;
  /** Creates a fresh empty database and returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binaryFolder(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((left, right) => Number(right) - Number(left));
  for (const version of versions)
    if (existsSync(join(root, version, 'bin', 'initdb'))) return join(root, version, 'bin');
  return undefined;
}

export function postgresAvailable(): boolean {
  return binaryFolder() !== undefined;
}

const isRoot = () => process.getuid?.() === 0;

function runAsPostgres(command: string, args: string[]): void {
  const [file, fullArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaryFolder();
  if (!bin) throw new Error('PostgreSQL binaries are not installed (apt-get install postgresql)');
  const folder = mkdtempSync(join(tmpdir(), 'vigil-pg-'));
  chmodSync(folder, 0o777);
  if (isRoot()) execFileSync('chown', ['postgres', folder]);
  const data = join(folder, 'data');
  const port = await freePort();
  runAsPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
    '-c max_connections=200',
  ].join(' ');
  const start = () =>
    runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(folder, 'log'), '-w', 'start', '-o', options]);
  const stop = () => runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  const psql = (sql: string) =>
    runAsPostgres(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', '-c', sql]);
  psql('create database vigil');
  let running = true;
  return {
    port,
    url: (database = 'vigil') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase(name) {
      psql(`create database "${name}"`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (running) stop();
      running = false;
    },
    start() {
      if (!running) start();
      running = true;
    },
    destroy() {
      try {
        if (running) stop();
      } finally {
        running = false;
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
