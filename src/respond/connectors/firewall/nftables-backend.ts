/** nftables backend: table `inet vigil` for blocks (tagged rules), table `inet vigil_isolation` for isolation. */
import { ExternalServiceError } from '../../../core/index.js';
import type { CommandRunner } from '../process/command-runner.js';
import type { Direction, FirewallBackend, NormalisedAddress } from './firewall-backend.js';

const table = 'vigil';
const isolationTable = 'vigil_isolation';

const baseTable = `table inet ${table} {
  chain input { type filter hook input priority -10; policy accept; }
  chain output { type filter hook output priority -10; policy accept; }
  chain forward { type filter hook forward priority -10; policy accept; }
}
`;

function blockRules(address: NormalisedAddress, direction: Direction, tag: string): string[] {
  const family = address.family === 'ipv4' ? 'ip' : 'ip6';
  const rules: string[] = [];
  if (direction !== 'outbound') {
    for (const chain of ['input', 'forward'])
      rules.push(`add rule inet ${table} ${chain} ${family} saddr ${address.text} drop comment "${tag}"`);
  }
  if (direction !== 'inbound') {
    for (const chain of ['output', 'forward'])
      rules.push(`add rule inet ${table} ${chain} ${family} daddr ${address.text} drop comment "${tag}"`);
  }
  return rules;
}

function isolationScript(management: readonly NormalisedAddress[]): string {
  const allow = (family: 'ipv4' | 'ipv6', field: 'saddr' | 'daddr') => {
    const addresses = management.filter((address) => address.family === family).map((address) => address.text);
    return addresses.length > 0
      ? `${family === 'ipv4' ? 'ip' : 'ip6'} ${field} { ${addresses.join(', ')} } accept; `
      : '';
  };
  return `table inet ${isolationTable} {
  chain input { type filter hook input priority -20; policy drop; iif "lo" accept; ${allow('ipv4', 'saddr')}${allow('ipv6', 'saddr')}}
  chain output { type filter hook output priority -20; policy drop; oif "lo" accept; ${allow('ipv4', 'daddr')}${allow('ipv6', 'daddr')}}
  chain forward { type filter hook forward priority -20; policy drop; }
}
`;
}

interface NftRule {
  rule?: { chain: string; handle: number; comment?: string };
}

export function createNftablesBackend(runner: CommandRunner): FirewallBackend {
  const nft = async (args: string[], signal: AbortSignal, input?: string) => {
    const result = await runner.run(['nft', ...args], { signal, ...(input !== undefined ? { input } : {}) });
    return result;
  };
  const must = async (args: string[], signal: AbortSignal, input?: string) => {
    const result = await nft(args, signal, input);
    if (result.code !== 0)
      throw new ExternalServiceError(
        `nft ${args.join(' ')} failed on ${runner.description}: ${result.stderr.trim().split('\n')[0]}`,
        { retryable: true },
      );
    return result;
  };
  const tableExists = async (name: string, signal: AbortSignal) =>
    (await nft(['list', 'table', 'inet', name], signal)).code === 0;
  const taggedRules = async (tag: string, signal: AbortSignal) => {
    const listing = await must(['-j', 'list', 'table', 'inet', table], signal);
    const items = (JSON.parse(listing.stdout) as { nftables: NftRule[] }).nftables;
    return items.flatMap((item) => (item.rule && item.rule.comment === tag ? [item.rule] : []));
  };
  const ensureTable = async (signal: AbortSignal) => {
    if (!(await tableExists(table, signal))) await must(['-f', '-'], signal, baseTable);
  };
  return {
    name: `nftables (${runner.description})`,
    describeBlock: (address, direction, tag) => [
      { argv: runner.wrap(['nft', 'list', 'table', 'inet', table]) },
      { argv: runner.wrap(['nft', '-f', '-']), input: `${blockRules(address, direction, tag).join('\n')}\n` },
    ],
    async block(address, direction, tag, signal) {
      await ensureTable(signal);
      if ((await taggedRules(tag, signal)).length > 0) return { alreadyApplied: true };
      await must(['-f', '-'], signal, `${blockRules(address, direction, tag).join('\n')}\n`);
      return { alreadyApplied: false };
    },
    async unblock(_address, tag, signal) {
      if (!(await tableExists(table, signal))) return { removed: 0 };
      const rules = await taggedRules(tag, signal);
      if (rules.length === 0) return { removed: 0 };
      await must(
        ['-f', '-'],
        signal,
        `${rules.map((rule) => `delete rule inet ${table} ${rule.chain} handle ${rule.handle}`).join('\n')}\n`,
      );
      return { removed: rules.length };
    },
    describeIsolate: (management) => [{ argv: runner.wrap(['nft', '-f', '-']), input: isolationScript(management) }],
    async isolate(management, signal) {
      if (await tableExists(isolationTable, signal)) return { alreadyApplied: true };
      await must(['-f', '-'], signal, isolationScript(management));
      return { alreadyApplied: false };
    },
    async release(signal) {
      if (!(await tableExists(isolationTable, signal))) return { wasIsolated: false };
      await must(['delete', 'table', 'inet', isolationTable], signal);
      return { wasIsolated: true };
    },
  };
}
