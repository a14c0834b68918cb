/** What every route module receives: the stores, the clock, the live feed and the metrics. No globals. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ActionType, Tlp } from '../core/index.js';
import type { KillChainKnowledge } from '../detect/index.js';
import type { TaxiiCollections } from '../intel/index.js';
import type { SlaTargets } from '../knowledge/index.js';
import type { KnowledgeStore, RunStore, Store, TokenStore } from '../store/index.js';
import type { ApiMetrics } from './api-metrics.js';
import type { KeyedLock } from './approvals/keyed-lock.js';
import type { LiveFeed } from './live/live-feed.js';
import type { ResponseDesk } from './response/response-desk.js';

export interface ApiContext {
  store: Store;
  tokens: TokenStore;
  runs?: RunStore | undefined;
  /** What Vigil learns from analysts (verdicts, suppressions, publications); knowledge routes need it. */
  knowledge?: KnowledgeStore | undefined;
  /** Vigil's own TAXII 2.1 collections (served at `/taxii`), where approved incidents are published. */
  taxii: TaxiiCollections;
  /** The most sensitive TLP that may go to Vigil's own shared collection. */
  sharingCeiling: Tlp;
  clock: () => Date;
  live: LiveFeed;
  metrics: ApiMetrics;
  lock: KeyedLock;
  /** The orchestrator driven from the API; present when the server has a run store. */
  desk?: ResponseDesk | undefined;
  /** ATT&CK, when the server loaded a bundle: techniques shown under their catalogue tactics, with names. */
  attack?: KillChainKnowledge | undefined;
  /** SLA targets per severity (time to acknowledge, contain, close). */
  sla: SlaTargets;
  /** Name of the connector serving an action type here (undefined: none configured). */
  connectorFor: (actionType: ActionType) => string | undefined;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
