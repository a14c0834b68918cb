/** iptables backend (fallback when nft is absent): chain VIGIL-BLOCK for tagged blocks, VIGIL-ISOLATE for isolation. */
import { ExternalServiceError } from '../../../core/index.js';
import type { CommandRunner } from '../process/command-runner.js';
import type { Direction, FirewallBackend, NormalisedAddress } from './firewall-backend.js';

const blockChain = 'VIGIL-BLOCK';
const isolateChain = 'VIGIL-ISOLATE';
const hooks = ['INPUT', 'OUTPUT', 'FORWARD'];

const ruleSpecs = (address: NormalisedAddress, direction: Direction, tag: string): string[][] => {
  const specs: string[][] = [];
  if (direction !== 'outbound') specs.push(['-s', address.text]);
  if (direction !== 'inbound') specs.push(['-d', address.text]);
  return specs.map((match) => [...match, '-m', 'comment', '--comment', tag, '-j', 'DROP']);
};

export function createIptablesBackend(runner: CommandRunner): FirewallBackend {
  const binary = (family: 'ipv4' | 'ipv6') => (family === 'ipv4' ? 'iptables' : 'ip6tables');
  const run = (family: 'ipv4' | 'ipv6', args: string[], signal: AbortSignal) =>
    runner.run([binary(family), '-w', ...args], { signal });
  const must = async (family: 'ipv4' | 'ipv6', args: string[], signal: AbortSignal) => {
    const result = await run(family, args, signal);
    if (result.code !== 0)
      throw new ExternalServiceError(
        `${binary(family)} ${args.join(' ')} failed on ${runner.description}: ${result.stderr.trim()}`,
        { retryable: true },
      );
  };
  const ensureChain = async (family: 'ipv4' | 'ipv6', chain: string, signal: AbortSignal) => {
    if ((await run(family, ['-n', '-L', chain], signal)).code !== 0) await must(family, ['-N', chain], signal);
    for (const hook of hooks) {
      if ((await run(family, ['-C', hook, '-j', chain], signal)).code !== 0)
        await must(family, ['-I', hook, '1', '-j', chain], signal);
    }
  };
  const removeChain = async (family: 'ipv4' | 'ipv6', chain: string, signal: AbortSignal) => {
    if ((await run(family, ['-n', '-L', chain], signal)).code !== 0) return false;
    for (const hook of hooks) while ((await run(family, ['-D', hook, '-j', chain], signal)).code === 0);
    await must(family, ['-F', chain], signal);
    await must(family, ['-X', chain], signal);
    return true;
  };
  return {
    name: `iptables (${runner.description})`,
    describeBlock: (address, direction, tag) =>
      ruleSpecs(address, direction, tag).map((spec) => ({
        argv: runner.wrap([binary(address.family), '-w', '-A', blockChain, ...spec]),
      })),
    async block(address, direction, tag, signal) {
      await ensureChain(address.family, blockChain, signal);
      let alreadyApplied = true;
      for (const spec of ruleSpecs(address, direction, tag)) {
        if ((await run(address.family, ['-C', blockChain, ...spec], signal)).code === 0) continue;
        alreadyApplied = false;
        await must(address.family, ['-A', blockChain, ...spec], signal);
      }
      return { alreadyApplied };
    },
    async unblock(address, tag, signal) {
      let removed = 0;
      for (const spec of ruleSpecs(address, 'both', tag)) {
        while ((await run(address.family, ['-D', blockChain, ...spec], signal)).code === 0) removed += 1;
      }
      return { removed };
    },
    describeIsolate: (management) =>
      [
        ['-N', isolateChain],
        ['-A', isolateChain, '-i', 'lo', '-j', 'ACCEPT'],
        ...management.map((address) => ['-A', isolateChain, '-s', address.text, '-j', 'ACCEPT']),
        ['-A', isolateChain, '-j', 'DROP'],
        ...hooks.map((hook) => ['-I', hook, '1', '-j', isolateChain]),
      ].map((args) => ({ argv: runner.wrap(['iptables', '-w', ...args]) })),
    async isolate(management, signal) {
      if ((await run('ipv4', ['-n', '-L', isolateChain], signal)).code === 0) return { alreadyApplied: true };
      for (const family of ['ipv4', 'ipv6'] as const) {
        await must(family, ['-N', isolateChain], signal);
        await must(family, ['-A', isolateChain, '-i', 'lo', '-j', 'ACCEPT'], signal);
        await must(family, ['-A', isolateChain, '-o', 'lo', '-j', 'ACCEPT'], signal);
        for (const address of management.filter((entry) => entry.family === family)) {
          await must(family, ['-A', isolateChain, '-s', address.text, '-j', 'ACCEPT'], signal);
          await must(family, ['-A', isolateChain, '-d', address.text, '-j', 'ACCEPT'], signal);
        }
        await must(family, ['-A', isolateChain, '-j', 'DROP'], signal);
        for (const hook of hooks) await must(family, ['-I', hook, '1', '-j', isolateChain], signal);
      }
      return { alreadyApplied: false };
    },
    async release(signal) {
      const wasIsolated = await removeChain('ipv4', isolateChain, signal);
      await removeChain('ipv6', isolateChain, signal);
      return { wasIsolated };
    },
  };
}
