/**
 * Test fixture: two network namespaces joined by a veth pair — a victim (`inside`) and an
 * attacker (`outside`, 203.0.113.66 plus a management address 203.0.113.77) running a
 * TCP server. Needs root, `ip` and a firewall tool; `labUnavailable()` says why not.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const attackerAddress = '203.0.113.66';
export const managementAddress = '203.0.113.77';
export const victimAddress = '203.0.113.10';
const port = 8080;

function has(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable(tool: 'nft' | 'iptables' = 'nft'): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  for (const binary of ['ip', tool, 'bash'])
    if (!has(binary)) return `${binary} is not installed (see .ci/apt-packages)`;
  return undefined;
}

export interface NetnsLab {
  inside: string;
  outside: string;
  /** Whether a TCP connection from the victim to `address` succeeds within half a second. */
  canConnect(address: string): boolean;
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

export async function createNetnsLab(): Promise<NetnsLab> {
  const suffix = randomBytes(3).toString('hex');
  const inside = `vigil-in-${suffix}`;
  const outside = `vigil-out-${suffix}`;
  ip('netns', 'add', inside);
  ip('netns', 'add', outside);
  let server: ChildProcess | undefined;
  const destroy = () => {
    server?.kill('SIGKILL');
    for (const namespace of [inside, outside]) {
      try {
        ip('netns', 'del', namespace);
      } catch {}
    }
  };
  try {
    ip('link', 'add', `vi${suffix}`, 'type', 'veth', 'peer', 'name', `vo${suffix}`);
    ip('link', 'set', `vi${suffix}`, 'netns', inside);
    ip('link', 'set', `vo${suffix}`, 'netns', outside);
    ip('-n', inside, 'addr', 'add', `${victimAddress}/24`, 'dev', `vi${suffix}`);
    ip('-n', outside, 'addr', 'add', `${attackerAddress}/24`, 'dev', `vo${suffix}`);
    ip('-n', outside, 'addr', 'add', `${managementAddress}/24`, 'dev', `vo${suffix}`);
    for (const [namespace, device] of [
      [inside, `vi${suffix}`],
      [outside, `vo${suffix}`],
    ] as const) {
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      ip('-n', namespace, 'link', 'set', device, 'up');
    }
    server = spawn(
      'ip',
      [
        'netns',
        'exec',
        outside,
        process.execPath,
        '-e',
        `require('node:net').createServer((s) => { s.on('error', () => {}); s.end('hi'); }).listen(${port}, () => console.log('ready'))`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.once('data', () => resolve());
      server!.once('exit', (code) => reject(new Error(`the lab server exited with ${code}`)));
    });
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    inside,
    outside,
    canConnect(address) {
      try {
        execFileSync(
          'ip',
          ['netns', 'exec', inside, 'timeout', '0.5', 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`],
          { stdio: 'ignore' },
        );
        return true;
      } catch {
        return false;
      }
    },
    destroy,
  };
}
