/** What every route module receives: the stores, the clock, the live feed and the metrics. No globals. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunStore, Store, TokenStore } from '../store/index.js';
import type { ApiMetrics } from './api-metrics.js';
import type { KeyedLock } from './approvals/decide-proposal.js';
import type { LiveFeed } from './live/live-feed.js';

export interface ApiContext {
  store: Store;
  tokens: TokenStore;
  runs?: RunStore | undefined;
  clock: () => Date;
  live: LiveFeed;
  metrics: ApiMetrics;
  lock: KeyedLock;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
