/**
 * The built-in action catalogue: each action type's contract. Risk and reversal come from core's
 * `actionTraits`, target kinds from core's `targetKindsByAction`: the tables the planner reads too.
 */
import { z } from 'zod';
import {
  type ActionProposal,
  type ActionType,
  actionTraits,
  InputInvalidError,
  targetKindsByAction,
} from '../../core/index.js';
import type { ActionSpec, RetryPolicy } from './action-spec.js';

const networkRetry: RetryPolicy = { attempts: 3, initialDelayMs: 500, factor: 2, maxDelayMs: 10_000 };
const onceOnly: RetryPolicy = { attempts: 1, initialDelayMs: 0, factor: 1, maxDelayMs: 0 };
const seconds = (count: number) => count * 1000;
/** Risk, reversal and target kinds, from core's tables. */
const traitsOf = (type: ActionType) => ({
  risk: actionTraits[type].risk,
  reversal: actionTraits[type].reversal,
  targetKinds: targetKindsByAction[type],
});

const blockParameters = z.object({
  direction: z.enum(['inbound', 'outbound', 'both']).default('both'),
  durationSeconds: z.number().int().positive().optional(),
  comment: z.string().max(200).optional(),
});
const isolateParameters = z.object({
  /** Addresses the host may still talk to (the management station, the EDR console). */
  managementAddresses: z.array(z.string()).default([]),
});
const accountParameters = z.object({ directory: z.string().optional(), comment: z.string().max(200).optional() });
const noParameters = z.object({}).loose();

const spec = (
  entry: Omit<ActionSpec, 'parameters'> & { parameters?: z.ZodType<Record<string, unknown>> },
): ActionSpec => ({
  parameters: noParameters,
  ...entry,
});

export const actionCatalogue: Readonly<Record<ActionType, ActionSpec>> = {
  'block-ip': spec({
    type: 'block-ip',
    description: 'drop traffic to and from an address or CIDR range at a managed firewall',
    parameters: blockParameters,
    ...traitsOf('block-ip'),
    blastRadius: 'network',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'block-domain': spec({
    type: 'block-domain',
    description: 'refuse name resolution of a domain (DNS sinkhole or response policy zone)',
    parameters: blockParameters,
    ...traitsOf('block-domain'),
    blastRadius: 'organisation',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'block-url': spec({
    type: 'block-url',
    description: 'block a URL at the web proxy',
    parameters: blockParameters,
    ...traitsOf('block-url'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'isolate-host': spec({
    type: 'isolate-host',
    description: 'drop all traffic of a host except to its management addresses',
    parameters: isolateParameters,
    ...traitsOf('isolate-host'),
    blastRadius: 'host',
    timeoutMs: seconds(60),
    retry: networkRetry,
    idempotent: true,
  }),
  'release-host': spec({
    type: 'release-host',
    description: 'lift the isolation of a host',
    ...traitsOf('release-host'),
    blastRadius: 'host',
    timeoutMs: seconds(60),
    retry: networkRetry,
    idempotent: true,
  }),
  'disable-account': spec({
    type: 'disable-account',
    description: 'disable a user account in the directory',
    parameters: accountParameters,
    ...traitsOf('disable-account'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'enable-account': spec({
    type: 'enable-account',
    description: 'enable a user account in the directory',
    parameters: accountParameters,
    ...traitsOf('enable-account'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'kill-process': spec({
    type: 'kill-process',
    description: 'terminate a process (host:pid:executable) on an endpoint',
    ...traitsOf('kill-process'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: onceOnly,
    idempotent: true,
  }),
  'quarantine-file': spec({
    type: 'quarantine-file',
    description: 'move a file (host:path) into quarantine',
    ...traitsOf('quarantine-file'),
    blastRadius: 'object',
    timeoutMs: seconds(60),
    retry: networkRetry,
    idempotent: true,
  }),
  'reset-credentials': spec({
    type: 'reset-credentials',
    description: 'force a password reset and revoke the sessions of an account',
    parameters: accountParameters,
    ...traitsOf('reset-credentials'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: onceOnly,
    idempotent: false,
  }),
  'collect-artefacts': spec({
    type: 'collect-artefacts',
    description: 'collect memory and disk artefacts from a host',
    ...traitsOf('collect-artefacts'),
    blastRadius: 'object',
    timeoutMs: seconds(600),
    retry: networkRetry,
    idempotent: true,
  }),
  'open-ticket': spec({
    type: 'open-ticket',
    description: 'open an alert or case in the ticketing or SOAR platform',
    ...traitsOf('open-ticket'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: false,
  }),
  notify: spec({
    type: 'notify',
    description: 'tell people (chat, e-mail, webhook)',
    ...traitsOf('notify'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: false,
  }),
  'add-to-watchlist': spec({
    type: 'add-to-watchlist',
    description: 'raise scrutiny of an entity (watch-list, MISP sighting)',
    ...traitsOf('add-to-watchlist'),
    blastRadius: 'object',
    timeoutMs: seconds(30),
    retry: networkRetry,
    idempotent: true,
  }),
  'run-script': spec({
    type: 'run-script',
    description: "run the CERT's own response script with the step as JSON on stdin",
    ...traitsOf('run-script'),
    blastRadius: 'host',
    timeoutMs: seconds(60),
    retry: onceOnly,
    idempotent: false,
  }),
  other: spec({
    type: 'other',
    description: 'a connector-specific action',
    ...traitsOf('other'),
    blastRadius: 'organisation',
    timeoutMs: seconds(60),
    retry: onceOnly,
    idempotent: false,
  }),
};

/** Checks a proposal's target kind and parameters against its catalogue entry; returns parsed parameters. */
export function validateProposal(
  proposal: Pick<ActionProposal, 'id' | 'actionType' | 'target' | 'parameters'>,
): Record<string, unknown> {
  const entry = actionCatalogue[proposal.actionType];
  if (!entry.targetKinds.includes(proposal.target.kind)) {
    throw new InputInvalidError(
      `${proposal.actionType} does not accept a ${proposal.target.kind} target (accepts ${entry.targetKinds.join(', ')})`,
      {
        location: { objectId: proposal.id, field: 'target.kind' },
      },
    );
  }
  const parsed = entry.parameters.safeParse(proposal.parameters ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputInvalidError(`invalid parameters for ${proposal.actionType}: ${issue.message}`, {
      location: { objectId: proposal.id, field: ['parameters', ...issue.path.map(String)].join('.') },
    });
  }
  return parsed.data;
}
