/** Tells the escalation contact of a late approval request through the `notify` connector; a failure is audited, never thrown. */
import { type ApprovalRequest, toVigilError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { actionCatalogue } from '../catalogue/index.js';
import type { ConnectorRegistry } from '../connectors/connector.js';
import { withDeadline } from './run-step-execution.js';

export interface EscalationNoticeContext {
  connectors: ConnectorRegistry;
  store: Store;
  actor: string;
  redact: <T>(value: T) => T;
}

export async function notifyEscalation(context: EscalationNoticeContext, request: ApprovalRequest): Promise<void> {
  const connector = context.connectors.notify;
  if (!connector) return;
  const text = `Approval ${request.id} (${request.actionType} ${request.target.kind}:${request.target.value}, risk ${request.risk}) is still pending; escalated to ${request.escalateTo ?? 'the escalation contact'}. Deadline ${request.deadline}.`;
  try {
    await withDeadline(
      (signal) =>
        connector.execute(
          {
            runId: request.runId ?? request.id,
            incidentId: request.incidentId,
            ref: `escalate-${request.id}`,
            actionType: 'notify',
            target: { kind: 'other', value: request.escalateTo ?? 'escalation' },
            parameters: { text, subject: `[Vigil] approval ${request.id} escalated` },
            idempotencyKey: `escalate:${request.id}`,
          },
          signal,
        ),
      actionCatalogue.notify.timeoutMs,
    );
  } catch (error) {
    await context.store.appendAudit({
      actor: context.actor,
      action: 'escalation-notify-failed',
      subject: { kind: 'approval-request', id: request.id },
      details: { error: context.redact(toVigilError(error).message) },
    });
  }
}
