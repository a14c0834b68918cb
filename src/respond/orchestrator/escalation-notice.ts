/** Tells the escalation contact of a late approval request through the `notify` connector; a failure is audited, never thrown. */
import type { ApprovalRequest } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { ConnectorRegistry } from '../connectors/connector.js';
import { sendNotice } from '../notices/send-notice.js';

export interface EscalationNoticeContext {
  connectors: ConnectorRegistry;
  store: Store;
  actor: string;
  redact: <T>(value: T) => T;
}

export async function notifyEscalation(context: EscalationNoticeContext, request: ApprovalRequest): Promise<void> {
  await sendNotice(context, {
    runId: request.runId ?? request.id,
    incidentId: request.incidentId,
    ref: `escalate-${request.id}`,
    recipient: request.escalateTo ?? 'escalation',
    subject: `[Vigil] approval ${request.id} escalated`,
    text: `Approval ${request.id} (${request.actionType} ${request.target.kind}:${request.target.value}, risk ${request.risk}) is still pending; escalated to ${request.escalateTo ?? 'the escalation contact'}. Deadline ${request.deadline}.`,
    idempotencyKey: `escalate:${request.id}`,
    failure: { action: 'escalation-notify-failed', subject: { kind: 'approval-request', id: request.id } },
  });
}
