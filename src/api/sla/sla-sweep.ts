/**
 * The server's SLA sweep: every interval, breaches not yet recorded are written to the audit
 * chain, sent through the `notify` connector (when one is configured) and published on the
 * live feed as `sla-breached`, so a signed-in console hears of them at once.
 */
import type { FastifyInstance } from 'fastify';
import { recordSlaBreaches } from '../../knowledge/index.js';
import type { ConnectorRegistry } from '../../respond/index.js';
import type { ApiContext } from '../api-context.js';

/** One sweep; returns how many breaches it recorded. */
export async function sweepSlaBreaches(context: ApiContext, connectors?: ConnectorRegistry): Promise<number> {
  const breaches = await recordSlaBreaches({
    store: context.store,
    runs: context.runs,
    targets: context.sla,
    now: context.clock(),
    connectors,
  });
  for (const breach of breaches)
    context.live.publish({
      type: 'sla-breached',
      subjectId: breach.incidentId,
      at: context.clock().toISOString(),
      data: { timer: breach.timer, dueAt: breach.dueAt, severity: breach.severity, title: breach.title },
    });
  return breaches.length;
}

export function startSlaSweep(
  app: FastifyInstance,
  context: ApiContext,
  intervalMs: number,
  connectors: ConnectorRegistry | undefined,
): void {
  if (intervalMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepSlaBreaches(context, connectors)
      .catch((error: unknown) => app.log.error({ err: error }, 'SLA sweep failed'))
      .finally(() => {
        running = false;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(sweep, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
