/**
 * `createApp`: the Vigil HTTP API (versioned under `/api/v1`) and the console, as a Fastify 5
 * app. Everything comes in through options: no environment reads, nothing at import time.
 * Zod route schemas validate requests, serialise responses and produce `/openapi.json`.
 */
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ActionType, Tlp } from '../core/index.js';
import type { KillChainKnowledge } from '../detect/index.js';
import { defaultSlaTargets, type SlaTargets } from '../knowledge/index.js';
import { policySchema } from '../respond/index.js';
import type { KnowledgeStore, RunStore, Store, TaxiiStore, TokenStore } from '../store/index.js';
import type { ApiContext } from './api-context.js';
import { createApiMetrics } from './api-metrics.js';
import { ApiRefusal } from './api-refusal.js';
import { KeyedLock } from './approvals/keyed-lock.js';
import { approvalQueue, proposalViews } from './approvals/proposal-views.js';
import { createAuthenticationHook, verifiedUserOf } from './auth/authenticate.js';
import { registerCors } from './cors.js';
import { handleError } from './http-errors.js';
import { LiveFeed } from './live/live-feed.js';
import { StoreWatcher } from './live/store-watcher.js';
import { ResponseDesk, type ResponseSettings } from './response/response-desk.js';
import { startResponseLoop } from './response/response-loop.js';
import { registerApprovalRoutes } from './routes/approval-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerCaseRoutes } from './routes/case-routes.js';
import { registerConsoleRoutes } from './routes/console-routes.js';
import { registerEventRoutes } from './routes/event-routes.js';
import { registerFeedbackRoutes } from './routes/feedback-routes.js';
import { registerIncidentRoutes } from './routes/incident-routes.js';
import { registerIndicatorOverrideRoutes } from './routes/indicator-override-routes.js';
import { registerIndicatorRoutes } from './routes/indicator-routes.js';
import { registerLiveRoutes } from './routes/live-routes.js';
import { registerNavigatorRoutes } from './routes/navigator-routes.js';
import { registerPlaybookRoutes } from './routes/playbook-routes.js';
import { registerPolicyRoutes } from './routes/policy-routes.js';
import { registerRuleRoutes } from './routes/rule-routes.js';
import { registerRunRoutes } from './routes/run-routes.js';
import { registerSharingRoutes } from './routes/sharing-routes.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { openTaxiiCollections, registerTaxiiRoutes } from './routes/taxii-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';
import { startSlaSweep } from './sla/sla-sweep.js';

export const apiPrefix = '/api/v1';

/** An extra set of routes another module provides (TAXII server, HEC ingest), mounted under a prefix. */
export interface ApiMount {
  prefix: string;
  register: (app: FastifyInstance, context: ApiContext) => Promise<void> | void;
}

export interface AppOptions {
  store: Store;
  tokens: TokenStore;
  runs?: RunStore | undefined;
  /** The knowledge store: with it, verdicts, suppressions, similar incidents, exports and publication. */
  knowledge?: KnowledgeStore | undefined;
  /** Where the TAXII collections served at `/taxii` are kept (the database's TAXII tables). */
  taxii: TaxiiStore;
  /** The most sensitive TLP published to Vigil's own shared TAXII collection. Default `amber`. */
  sharingCeiling?: Tlp;
  /** A pino logger (see `loggerOptions` for redaction), or false for none (tests). */
  logger?: FastifyBaseLogger | false;
  clock?: () => Date;
  /** ATT&CK catalogue: the kill chain places techniques under their catalogue tactics and names them. */
  attack?: KillChainKnowledge | undefined;
  /** Folder of the built console (`web/dist`); without it `/` explains how to build it. */
  consoleRoot?: string | undefined;
  /** Origins allowed to call the API from a browser; none by default (CORS closed). */
  corsOrigins?: readonly string[];
  /** Request bodies larger than this are refused with 413. Default 256 KiB. */
  bodyLimitBytes?: number;
  /** Requests per client (token, else address) per window. Default 600 per minute. */
  rateLimit?: { max: number; windowMs: number };
  /** How often the store is checked for changes made by other processes; 0 turns it off. Default 2000. */
  watchIntervalMs?: number;
  /** SLA targets per severity; default `defaultSlaTargets` (see knowledge/sla-timers.ts). */
  sla?: SlaTargets | undefined;
  /** How often SLA breaches are looked for, recorded and notified; 0 turns it off. Default 30000. */
  slaSweepMs?: number;
  /** Interval of SSE heartbeats. Default 15000. */
  heartbeatMs?: number;
  mounts?: readonly ApiMount[];
  version?: string;
  /** Content this server manages: rule paths (and where uploads go), playbook folders. */
  content?: { rules?: readonly string[]; rulesUploadFolder?: string | undefined; playbooks?: readonly string[] };
  /**
   * The response side (needs `runs`): policy, connectors, assets, and the loop that sweeps
   * approvals and carries ready runs on. Without it: a policy where every action waits for
   * an analyst, and no connector (nothing is executed, and runs say so).
   */
  response?: ResponseOptions;
}

export interface ResponseOptions extends ResponseSettings {
  /** Start a run for every open incident with a plan that has none. Default true. */
  startRuns?: boolean;
  /** How often the loop runs; 0 turns it off. Default 2000. */
  loopIntervalMs?: number;
  /** Where an admin's policy update is saved; without it the policy can be read and checked but not changed. */
  policyFile?: string | undefined;
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? (() => new Date());
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  const live = new LiveFeed();
  const desk = options.runs
    ? new ResponseDesk({
        store: options.store,
        runs: options.runs,
        settings: options.response ?? { policy: policySchema.parse({ version: 1 }), connectors: {} },
        live,
        clock,
        log: app.log,
        ...(options.knowledge ? { knowledge: options.knowledge } : {}),
      })
    : undefined;
  const connectorFor = (actionType: ActionType) => desk?.connectorFor(actionType);
  const sources = { store: options.store, runs: options.runs, connectorFor };
  const context: ApiContext = {
    store: options.store,
    tokens: options.tokens,
    runs: options.runs,
    knowledge: options.knowledge,
    taxii: await openTaxiiCollections(options.taxii, clock),
    sharingCeiling: options.sharingCeiling ?? 'amber',
    clock,
    live,
    lock: new KeyedLock(),
    desk,
    connectorFor,
    attack: options.attack,
    sla: options.sla ?? defaultSlaTargets,
    metrics: createApiMetrics({
      ...sources,
      approvalQueueDepth: async () => (await approvalQueue(sources, { status: 'pending' })).length,
    }),
  };

  app.addHook('onClose', async () => context.metrics.close());
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  registerCors(app, options.corsOrigins ?? []);
  await app.register(fastifyRateLimit, {
    max: options.rateLimit?.max ?? 600,
    timeWindow: options.rateLimit?.windowMs ?? 60_000,
    // Authentication before limiting: a bucket per verified token (id and secret checked);
    // anything else (no token, a wrong secret, a made-up id) is counted per address, so a
    // victim's token id with a wrong secret only ever spends the sender's own bucket.
    keyGenerator: async (request) => {
      const user = await verifiedUserOf(options.tokens, request, clock());
      return user ? `token:${user.tokenId}` : `address:${request.ip}`;
    },
    errorResponseBuilder: (_request, limit) =>
      new ApiRefusal('rate-limited', `too many requests; retry in ${Math.ceil(limit.ttl / 1000)} s`),
  });
  // preParsing, not onRequest: the rate limiter's per-route onRequest hook must count a request
  // before authentication can refuse it, or failed authentications would never be limited.
  const authenticate = createAuthenticationHook(options.tokens, clock);
  app.addHook('preParsing', async (request, reply, payload) => {
    await authenticate(request, reply);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    context.metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Vigil API',
        version: options.version ?? '1',
        description:
          'Incidents, evidence, plans and approvals of Vigil. Every route needs a bearer token unless marked public.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'vgl_<id>_<secret>' } },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });

  registerSystemRoutes(app, context);
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<ZodTypeProvider>();
      registerIncidentRoutes(api, context);
      registerCaseRoutes(api, context);
      registerApprovalRoutes(api, context);
      registerEventRoutes(api, context);
      registerIndicatorRoutes(api, context);
      registerIndicatorOverrideRoutes(api, context);
      registerAuditRoutes(api, context);
      registerTokenRoutes(api, context);
      registerLiveRoutes(api, context, options.heartbeatMs ?? 15_000);
      if (options.runs && desk) {
        registerRunRoutes(api, options.runs, desk);
        registerPolicyRoutes(api, context, desk, options.response?.policyFile);
      }
      registerRuleRoutes(api, context, {
        paths: options.content?.rules ?? [],
        uploadFolder: options.content?.rulesUploadFolder,
      });
      registerPlaybookRoutes(api, options.content?.playbooks ?? []);
      registerNavigatorRoutes(api, context);
      if (options.knowledge) {
        registerFeedbackRoutes(api, context, options.knowledge);
        registerSharingRoutes(api, context, options.knowledge);
      }
    },
    { prefix: apiPrefix },
  );
  registerTaxiiRoutes(app, context);
  for (const mount of options.mounts ?? []) {
    await app.register(async (scope) => mount.register(scope, context), { prefix: mount.prefix });
  }
  await registerConsoleRoutes(app, options.consoleRoot);
  if (desk) {
    app.decorate('responseDesk', desk);
    startResponseLoop(app, desk, options.response ?? {});
  }

  startSlaSweep(app, context, options.slaSweepMs ?? 30_000, desk?.connectors);

  const watchIntervalMs = options.watchIntervalMs ?? 2000;
  if (watchIntervalMs > 0) {
    const watcher = new StoreWatcher({
      ...sources,
      feed: context.live,
      clock,
      pendingProposals: async (incidentId) => {
        const found = await options.store.getIncident(incidentId);
        if (!found) return [];
        const views = await proposalViews(sources, found.incident);
        return views.filter((view) => view.status === 'pending').map((view) => view.proposal.id);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    app.addHook('onReady', async () => {
      await watcher.poll();
      timer = setInterval(() => {
        if (running) return;
        running = true;
        watcher
          .poll()
          .catch((error: unknown) => app.log.error({ err: error }, 'store watch failed'))
          .finally(() => {
            running = false;
          });
      }, watchIntervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return app;
}

/** The response desk of an app made by `createApp` with a run store (for `vigil serve` and tests). */
export function responseDeskOf(app: FastifyInstance): ResponseDesk | undefined {
  return (app as FastifyInstance & { responseDesk?: ResponseDesk }).responseDesk;
}
