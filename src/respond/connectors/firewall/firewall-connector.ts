/**
 * Firewall connector: `block-ip` at the perimeter firewall Vigil manages, `isolate-host` and
 * `release-host` on the managed host itself (drop everything but its management addresses).
 */
import { InputInvalidError } from '../../../core/index.js';
import type { Connector, StepInvocation } from '../connector.js';
import { type CommandRunner, localRunner } from '../process/command-runner.js';
import { runProcess } from '../process/run-process.js';
import { type Direction, type FirewallBackend, normaliseAddress, ruleTag } from './firewall-backend.js';
import { createIptablesBackend } from './iptables-backend.js';
import { createNftablesBackend } from './nftables-backend.js';

export interface FirewallConnectorOptions {
  /** Where `block-ip` applies. */
  perimeter?: FirewallBackend;
  /** Managed hosts by short name (or address), for `isolate-host` and `release-host`. */
  hosts?: Readonly<Record<string, FirewallBackend>>;
  /** Addresses an isolated host may still reach, added to the step's own. */
  managementAddresses?: readonly string[];
}

/** nftables when `nft` runs on the runner, iptables when only `iptables` does, nftables when neither answers (unreachable host). */
export async function detectFirewallBackend(
  runner: CommandRunner = localRunner(),
  preference: 'auto' | 'nftables' | 'iptables' = 'auto',
): Promise<FirewallBackend> {
  if (preference === 'nftables') return createNftablesBackend(runner);
  if (preference === 'iptables') return createIptablesBackend(runner);
  const answers = async (binary: string) =>
    (await runProcess(runner.wrap([binary, '--version'])).catch(() => undefined))?.code === 0;
  if (await answers('nft')) return createNftablesBackend(runner);
  return (await answers('iptables')) ? createIptablesBackend(runner) : createNftablesBackend(runner);
}

const hostKey = (value: string) => value.toLowerCase().split('.')[0] ?? value.toLowerCase();

export function createFirewallConnector(options: FirewallConnectorOptions): Connector {
  const hostBackend = (step: StepInvocation): FirewallBackend => {
    const backend = options.hosts?.[step.target.value] ?? options.hosts?.[hostKey(step.target.value)];
    if (!backend)
      throw new InputInvalidError(`host ${step.target.value} is not managed by the firewall connector`, {
        location: { field: 'target.value' },
      });
    return backend;
  };
  const perimeter = (): FirewallBackend => {
    if (!options.perimeter) throw new InputInvalidError('no perimeter firewall is configured for block-ip');
    return options.perimeter;
  };
  const management = (step: StepInvocation) => {
    const fromStep = Array.isArray(step.parameters.managementAddresses)
      ? (step.parameters.managementAddresses as unknown[]).map(String)
      : [];
    return [...(options.managementAddresses ?? []), ...fromStep].map(normaliseAddress);
  };
  const direction = (step: StepInvocation): Direction =>
    ['inbound', 'outbound', 'both'].includes(String(step.parameters.direction))
      ? (step.parameters.direction as Direction)
      : 'both';
  return {
    name: 'firewall',
    actions: ['block-ip', 'isolate-host', 'release-host'],
    plan(step) {
      if (step.actionType === 'block-ip') {
        const backend = perimeter();
        const address = normaliseAddress(step.target.value);
        const tag = ruleTag(step.idempotencyKey);
        return {
          connector: backend.name,
          summary: `drop ${direction(step) === 'both' ? 'inbound and outbound' : direction(step)} traffic of ${address.text} (rules tagged ${tag})`,
          commands: backend.describeBlock(address, direction(step), tag),
          undo: `delete the rules tagged ${tag}`,
        };
      }
      const backend = hostBackend(step);
      if (step.actionType === 'isolate-host') {
        const allowed = management(step);
        return {
          connector: backend.name,
          summary: `isolate ${step.target.value}: drop all traffic except ${allowed.map((address) => address.text).join(', ') || 'loopback'}`,
          commands: backend.describeIsolate(allowed),
          undo: 'release-host',
        };
      }
      return { connector: backend.name, summary: `release ${step.target.value} from isolation` };
    },
    async execute(step, signal) {
      if (step.actionType === 'block-ip') {
        const address = normaliseAddress(step.target.value);
        const tag = ruleTag(step.idempotencyKey);
        const result = await perimeter().block(address, direction(step), tag, signal);
        return { address: address.text, direction: direction(step), tag, ...result };
      }
      if (step.actionType === 'isolate-host') {
        const allowed = management(step);
        return {
          host: step.target.value,
          management: allowed.map((address) => address.text),
          ...(await hostBackend(step).isolate(allowed, signal)),
        };
      }
      return { host: step.target.value, ...(await hostBackend(step).release(signal)) };
    },
    async undo(step, output, signal) {
      if (step.actionType !== 'block-ip')
        throw new InputInvalidError(`${step.actionType} is undone by its inverse action`);
      const tag = typeof output.tag === 'string' ? output.tag : ruleTag(step.idempotencyKey);
      return { tag, ...(await perimeter().unblock(normaliseAddress(step.target.value), tag, signal)) };
    },
  };
}
