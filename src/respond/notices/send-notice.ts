/**
 * A message to people through the `notify` connector (an escalated approval, a breached SLA),
 * under the notify action's deadline. Nothing happens without a notify connector; a failure to
 * send is audited (its message redacted), never thrown, so the caller's work goes on.
 */
import { toVigilError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { actionCatalogue } from '../catalogue/index.js';
import type { ConnectorRegistry } from '../connectors/connector.js';
import { withDeadline } from '../orchestrator/run-step-execution.js';

export interface NoticeContext {
  connectors?: ConnectorRegistry | undefined;
  store: Store;
  actor: string;
  redact?: <T>(value: T) => T;
}

export interface Notice {
  runId: string;
  incidentId?: string | undefined;
  ref: string;
  /** Who is told (a contact or channel name). */
  recipient: string;
  subject: string;
  text: string;
  idempotencyKey: string;
  /** The audit entry written when sending fails; the error is added to its details. */
  failure: { action: string; subject: { kind: string; id: string }; details?: Record<string, unknown> };
}

export async function sendNotice(context: NoticeContext, notice: Notice): Promise<void> {
  const connector = context.connectors?.notify;
  if (!connector) return;
  try {
    await withDeadline(
      (signal) =>
        connector.execute(
          {
            runId: notice.runId,
            incidentId: notice.incidentId,
            ref: notice.ref,
            actionType: 'notify',
            target: { kind: 'other', value: notice.recipient },
            parameters: { text: notice.text, subject: notice.subject },
            idempotencyKey: notice.idempotencyKey,
          },
          signal,
        ),
      actionCatalogue.notify.timeoutMs,
    );
  } catch (error) {
    const message = toVigilError(error).message;
    await context.store.appendAudit({
      actor: context.actor,
      action: notice.failure.action,
      subject: notice.failure.subject,
      details: { ...notice.failure.details, error: context.redact ? context.redact(message) : message },
    });
  }
}
