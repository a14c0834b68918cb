/**
 * `vigil worker`: runs pipeline stages as consumers of the event bus. Any subset of stages, any
 * number of copies; the bus spreads partitions (hosts) over the copies. Store and bus come from
 * flags or `VIGIL_STORE` / `VIGIL_BUS`, read here once.
 */
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openEventBus } from '../../bus/index.js';
import { UsageError } from '../../core/index.js';
import { knowledgeDecisions } from '../../knowledge/index.js';
import { ResponseService } from '../../respond/index.js';
import { isPostgresLocation, openStores, type Stores } from '../../store/index.js';
import {
  listDeadLetters,
  parseStages,
  publishFiles,
  type RespondStageOptions,
  type RespondWorker,
  startRespondWorker,
  startWorker,
} from '../../worker/index.js';
import { exitCodes } from '../exit-codes.js';
import { installationFolder } from '../installation.js';
import { loadCommandKnowledge } from '../load-command-knowledge.js';
import {
  addAttackCrosswalkOption,
  addCorrelationLatenessOption,
  addInputLimitOptions,
  collect,
  type InputLimitFlags,
  inputLimitsOf,
} from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';
import { untilStopSignal } from '../until-stopped.js';

interface WorkerFlags extends InputLimitFlags {
  attackCrosswalk?: string;
  correlationLateness?: string;
  stages: string;
  store?: string;
  bus?: string;
  partitions: string;
  consumer?: string;
  rules?: string[];
  intel?: string[];
  attack?: string;
  kev?: string;
  atomics?: string;
  assets?: string;
  files?: string[];
  healthPort?: string;
  batchSize: string;
  leaseMs: string;
  policy?: string;
  connectors?: string;
  respondConcurrency: string;
  sweepIntervalMs: string;
  deadLetters?: boolean;
  json?: boolean;
}

const defaultPolicy = join(installationFolder(), 'policy', 'default.yaml');

/** The respond stage: the orchestrator from the policy and connectors files, and the run queue consumer. */
async function startRespond(
  flags: WorkerFlags,
  stores: Stores,
  location: string,
  home: string,
  assets: string | undefined,
  log: (line: string) => void,
): Promise<{ stage: RespondStageOptions; executor: RespondWorker }> {
  if (!isPostgresLocation(location))
    throw new UsageError('the respond stage needs the PostgreSQL store (its run queue): --store postgres://…');
  // Loaded only here: the API module is large and the other stages do not need it.
  const { loadResponseOptions } = await import('../../api/index.js');
  const response = await loadResponseOptions({
    policy: flags.policy ?? process.env.VIGIL_POLICY,
    defaultPolicy,
    home,
    connectors: flags.connectors ?? process.env.VIGIL_CONNECTORS,
    assets,
    secretsEnvironment: process.env,
  });
  const service = new ResponseService({
    store: stores.store,
    runs: stores.runs,
    settings: response.options,
    decisions: knowledgeDecisions(stores.knowledge),
    knowledge: stores.knowledge,
    onError: (runId, error) => log(`run ${runId}: ${(error as Error).message}`),
  });
  const executor = await startRespondWorker({
    location,
    service,
    concurrency: Number(flags.respondConcurrency) || 2,
    sweepIntervalMs: Number(flags.sweepIntervalMs) || 5_000,
    log,
  });
  return { stage: { service }, executor };
}

/** Opens a store, retrying with back-off for up to `limitMs` (the engine may start after the worker). */
async function openWithRetry<T>(
  open: () => Promise<T>,
  onRetry: (error: Error, waitMs: number) => void,
  limitMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await open();
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      onRetry(error as Error, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** `vigil worker --dead-letters`: what went to the dead-letter topics, newest stage last. */
async function listDeadLettersCommand(flags: WorkerFlags): Promise<void> {
  const output = createOutput(flags.json ?? false);
  const partitions = Number(flags.partitions);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024)
    throw new UsageError(`bad partition count ${flags.partitions}`);
  const bus = openEventBus(flags.bus ?? process.env.VIGIL_BUS ?? 'memory', { partitions });
  try {
    const letters = await listDeadLetters(bus, 10_000);
    if (output.json) return writeJson(output, { deadLetters: letters });
    output.write(`${letters.length} dead letter(s) on bus ${bus.kind}`);
    for (const letter of letters) {
      const payload = letter.payload as { source?: unknown; firstLine?: unknown } | null;
      const where = typeof payload?.source === 'string' ? ` ${payload.source}:${String(payload.firstLine ?? '')}` : '';
      output.write(
        `  ${letter.topic} ${letter.deliveryId || letter.id}${where} after ${letter.attempt} attempt(s): ${letter.error}`,
      );
    }
  } finally {
    await bus.close();
  }
}

export function registerWorkerCommand(program: Command): void {
  const command = program
    .command('worker')
    .description(
      'run pipeline stages (ingest, detect, correlate, link, reason) as consumers of the event bus, and respond (response runs)',
    )
    .option('--stages <list>', 'comma-separated stages; all: every stage but respond (name it to add it)', 'all')
    .option('--store <location>', 'store: SQLite path or postgres://… (default $VIGIL_STORE)')
    .option('--bus <location>', 'event bus: memory or redis://… (default $VIGIL_BUS, then memory)')
    .option('--partitions <n>', 'partitions per topic; the same for every process of a deployment', '8')
    .option('--consumer <name>', 'consumer name, unique per process (default host name and process id)')
    .option('--rules <dir>', 'Sigma rules for detect (repeatable; default $VIGIL_RULES_PATH)', collect)
    .option('--intel <path>', 'threat intelligence for detect (repeatable)', collect)
    .option('--attack <file>', 'ATT&CK STIX bundle')
    .option('--kev <file>', 'CISA KEV catalogue')
    .option(
      '--atomics <path>',
      'Atomic Red Team checkout or commands export, for evidence inference (default $VIGIL_ATOMICS_PATH)',
    )
    .option('--assets <file>', 'asset inventory (YAML)')
    .option('--files <path>', 'publish these log files to the bus at start (repeatable)', collect)
    .option('--health-port <n>', 'serve GET /healthz on this port (200 healthy, 503 not)')
    .option('--batch-size <n>', 'records per batch', '200')
    .option('--lease-ms <n>', 'a worker silent this long loses its partitions to the others', '5000')
    .option('--policy <file>', 'respond: response policy (default $VIGIL_POLICY, else policy/default.yaml)')
    .option('--connectors <file>', 'respond: connectors file (default $VIGIL_CONNECTORS; none: nothing is executed)')
    .option('--respond-concurrency <n>', 'respond: runs carried on at once by this process', '2')
    .option('--sweep-interval-ms <n>', 'respond: how often to look for runs left mid-way and overdue approvals', '5000')
    .option('--dead-letters', "list the records the stages could not handle (the bus's dead-letter topics) and exit")
    .option('--json', 'with --dead-letters: print JSON');
  addAttackCrosswalkOption(command);
  addCorrelationLatenessOption(command);
  addInputLimitOptions(command).action(async (flags: WorkerFlags) => {
    if (flags.deadLetters) return listDeadLettersCommand(flags);
    const output = createOutput(false);
    const stages = parseStages(flags.stages);
    const partitions = Number(flags.partitions);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024)
      throw new UsageError(`bad partition count ${flags.partitions}`);
    const settings = resolveSettings({
      rules: flags.rules,
      attack: flags.attack,
      attackCrosswalk: flags.attackCrosswalk,
      correlationLateness: flags.correlationLateness,
      kev: flags.kev,
      atomics: flags.atomics,
    });
    const storeLocation = flags.store ?? process.env.VIGIL_STORE ?? settings.database;
    const busLocation = flags.bus ?? process.env.VIGIL_BUS ?? 'memory';
    const knowledge = await loadCommandKnowledge(settings, flags, (text) => process.stderr.write(`${text}\n`));
    const stores = await openWithRetry(
      () => openStores(storeLocation),
      (error, wait) => output.warn(`vigil worker: store not reachable (${error.message}); retrying in ${wait} ms`),
    );
    const { store } = stores;
    const leaseMs = Number(flags.leaseMs);
    if (!Number.isInteger(leaseMs) || leaseMs < 100) throw new UsageError(`bad lease ${flags.leaseMs}`);
    const bus = openEventBus(busLocation, {
      partitions,
      leaseMs,
      heartbeatMs: Math.max(50, Math.floor(leaseMs / 5)),
    });
    const consumer = flags.consumer ?? `${hostname()}-${process.pid}`;
    const log = (line: string) => output.warn(`vigil worker ${consumer}: ${line}`);
    const respond = stages.includes('respond')
      ? await startRespond(flags, stores, storeLocation, settings.home, flags.assets, log)
      : undefined;
    const worker = startWorker({
      bus,
      store,
      stages,
      knowledge,
      knowledgeStore: stores.knowledge,
      consumer,
      batchSize: Number(flags.batchSize) || 200,
      ...(respond ? { respond: respond.stage } : {}),
      log,
    });
    output.warn(`vigil worker ${consumer}: stages ${stages.join(',')} on bus ${bus.kind}, store ${store.kind}`);
    const health = flags.healthPort
      ? createServer((request, response) => {
          const bus = worker.health();
          const runs = respond?.executor.health();
          const state = {
            ...bus,
            healthy: bus.healthy && (runs?.healthy ?? true),
            partitions: worker.partitions(),
            ...(runs ? { respond: runs } : {}),
          };
          response.writeHead(request.url === '/healthz' && state.healthy ? 200 : 503, {
            'content-type': 'application/json',
          });
          response.end(JSON.stringify(state));
        }).listen(Number(flags.healthPort), '0.0.0.0')
      : undefined;
    if (flags.files && flags.files.length > 0) {
      const published = await publishFiles(bus, flags.files, { limits: inputLimitsOf(flags) });
      output.warn(`vigil worker ${consumer}: published ${published.lines} lines in ${published.chunks} chunks`);
      for (const failure of published.failures)
        output.warn(`vigil worker ${consumer}: ${failure.file}: ${failure.reason}`);
    }
    await untilStopSignal();
    // A shutdown that cannot finish (a store or bus that stopped answering) must not keep the
    // process alive: after 10 s it names the step that hung and exits (internal failure), as does a second signal.
    let step = 'the health server';
    const forced = () => {
      output.warn(`vigil worker ${consumer}: shutdown did not finish (stuck closing ${step}); exiting`);
      process.exit(exitCodes.internal);
    };
    const deadline = setTimeout(forced, 10_000);
    deadline.unref();
    process.once('SIGTERM', forced);
    process.once('SIGINT', forced);
    health?.close();
    step = 'the respond executor';
    await respond?.executor.close();
    step = 'the stages';
    await worker.close();
    step = 'the bus';
    await bus.close();
    step = 'the store';
    await stores.close();
    clearTimeout(deadline);
    process.off('SIGTERM', forced);
    process.off('SIGINT', forced);
  });
}
