/**
 * The orchestrator loop of `vigil serve`, in process: on an interval it times out and
 * escalates approvals, starts plan runs for new incidents, and carries ready runs on
 * (approved elsewhere, or left mid-way by a crash). Stops with the server, after the work
 * in flight.
 */
import type { FastifyInstance } from 'fastify';
import type { ResponseDesk } from './response-desk.js';

export function startResponseLoop(
  app: FastifyInstance,
  desk: ResponseDesk,
  options: { startRuns?: boolean; loopIntervalMs?: number },
): void {
  const intervalMs = options.loopIntervalMs ?? 2000;
  if (intervalMs <= 0) {
    app.addHook('onClose', () => desk.scheduler.idle());
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    desk
      .tick({ startRuns: options.startRuns ?? true })
      .catch((error: unknown) => app.log.error({ err: error }, 'response loop failed'))
      .finally(() => {
        running = false;
      });
  };
  app.addHook('onReady', async () => {
    tick();
    timer = setInterval(tick, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    while (running) await new Promise((resolve) => setTimeout(resolve, 20));
    await desk.scheduler.idle();
  });
}
