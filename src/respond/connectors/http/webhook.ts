/**
 * Generic webhook: POSTs the step as JSON, signed with HMAC-SHA256 over `timestamp.body`
 * (`X-Vigil-Signature: sha256=<hex>`, `X-Vigil-Timestamp`), with the idempotency key as
 * `Idempotency-Key` so a receiver can drop a redelivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ActionType } from '../../../core/index.js';
import type { Connector, StepInvocation } from '../connector.js';
import { postJson } from './post-json.js';

export interface WebhookOptions {
  name?: string;
  url: string;
  secret: string;
  actions?: readonly ActionType[];
  clock?: () => Date;
}

export const signWebhook = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** For receivers: checks the signature and that the timestamp is within `toleranceSeconds` of now. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  now = new Date(),
  toleranceSeconds = 300,
): boolean {
  const age = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (!Number.isFinite(age) || age > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const payload = (step: StepInvocation, mode: 'execute' | 'undo', sentAt: string) => ({
  type: `vigil.step.${mode}`,
  runId: step.runId,
  incidentId: step.incidentId ?? null,
  step: step.ref,
  action: step.actionType,
  target: step.target,
  parameters: step.parameters,
  idempotencyKey: step.idempotencyKey,
  sentAt,
});

export function createWebhookConnector(options: WebhookOptions): Connector {
  const clock = options.clock ?? (() => new Date());
  const send = async (step: StepInvocation, mode: 'execute' | 'undo', signal: AbortSignal) => {
    const now = clock();
    const body = JSON.stringify(payload(step, mode, now.toISOString()));
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const response = await postJson(
      options.url,
      undefined,
      {
        'x-vigil-timestamp': timestamp,
        'x-vigil-signature': signWebhook(options.secret, timestamp, body),
        'idempotency-key': mode === 'undo' ? `undo:${step.idempotencyKey}` : step.idempotencyKey,
      },
      signal,
      body,
    );
    return { status: response.status, response: response.body };
  };
  return {
    name: options.name ?? 'webhook',
    actions: options.actions ?? ['notify'],
    plan: (step) => ({
      connector: options.name ?? 'webhook',
      summary: `POST the step to ${options.url}, HMAC-signed`,
      request: {
        method: 'POST',
        url: options.url,
        headers: { 'x-vigil-signature': 'sha256=[computed]', 'idempotency-key': step.idempotencyKey },
        body: payload(step, 'execute', '[now]'),
      },
    }),
    execute: (step, signal) => send(step, 'execute', signal),
    undo: (step, _output, signal) => send(step, 'undo', signal),
  };
}
