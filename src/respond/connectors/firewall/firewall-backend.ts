/**
 * A host firewall Vigil manages. Addresses reach a backend already parsed and canonical
 * (`normaliseAddress`), and every rule Vigil adds carries a tag derived from the step's
 * idempotency key, so applying twice changes nothing and undo removes exactly what was added.
 */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { InputInvalidError } from '../../../core/index.js';
import type { PlannedCommand } from '../connector.js';

export type Direction = 'inbound' | 'outbound' | 'both';

export interface NormalisedAddress {
  /** `203.0.113.66` or `198.51.100.0/24`, canonical. */
  text: string;
  family: 'ipv4' | 'ipv6';
}

export interface FirewallBackend {
  readonly name: string;
  /** The commands `block` would run (dry-run). */
  describeBlock(address: NormalisedAddress, direction: Direction, tag: string): PlannedCommand[];
  block(
    address: NormalisedAddress,
    direction: Direction,
    tag: string,
    signal: AbortSignal,
  ): Promise<{ alreadyApplied: boolean }>;
  unblock(address: NormalisedAddress, tag: string, signal: AbortSignal): Promise<{ removed: number }>;
  describeIsolate(management: readonly NormalisedAddress[]): PlannedCommand[];
  isolate(management: readonly NormalisedAddress[], signal: AbortSignal): Promise<{ alreadyApplied: boolean }>;
  release(signal: AbortSignal): Promise<{ wasIsolated: boolean }>;
}

/** Parses an address or CIDR range; throws a non-retryable error naming the value otherwise. */
export function normaliseAddress(value: string): NormalisedAddress {
  try {
    if (value.includes('/')) {
      const [address, prefix] = ipaddr.parseCIDR(value);
      const network =
        address.kind() === 'ipv4'
          ? ipaddr.IPv4.networkAddressFromCIDR(value)
          : ipaddr.IPv6.networkAddressFromCIDR(value);
      return { text: `${network.toString()}/${prefix}`, family: address.kind() };
    }
    const address = ipaddr.process(value);
    return { text: address.toString(), family: address.kind() };
  } catch {
    throw new InputInvalidError(`not an IP address or CIDR range: ${JSON.stringify(value).slice(0, 80)}`, {
      location: { field: 'target.value' },
    });
  }
}

/** Short tag for rule comments: `vigil-` and 16 hex digits of the idempotency key's hash. */
export const ruleTag = (idempotencyKey: string): string =>
  `vigil-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`;
