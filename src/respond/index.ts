/** @module respond: action catalogue, response policy, approvals, the durable orchestrator, connectors and playbooks. */
export { type AnalystDecision, ApprovalQueue, approvalRequestId } from './approvals/approval-queue.js';
export { assertMayDecide, type Decider, isHighRisk, requiredApprovers } from './approvals/approval-rules.js';
export {
  type ApprovalDecisionInput,
  type ApprovalSources,
  decideApproval,
  pipelineActor,
  requesterOf,
} from './approvals/decide-approval.js';
export {
  type ActionSpec,
  actionCatalogue,
  type BlastRadius,
  isReversible,
  type RetryPolicy,
  type Reversal,
  validateProposal,
} from './catalogue/index.js';
export {
  type Connector,
  type ConnectorRegistry,
  createConnectorRegistry,
  type PlannedOperation,
  type StepInvocation,
  type StepOutput,
} from './connectors/connector.js';
export {
  buildConnectors,
  type ConnectorConfig,
  connectorConfigSchema,
  loadConnectorConfig,
  parseConnectorConfig,
} from './connectors/connector-config.js';
export { createEmailConnector } from './connectors/email/email-connector.js';
export { sendMail } from './connectors/email/smtp-client.js';
export { createFirewallConnector, detectFirewallBackend } from './connectors/firewall/firewall-connector.js';
export { createChatConnector } from './connectors/http/chat-notification.js';
export {
  createMispConnector,
  createMispEvent,
  createTheHiveConnector,
  createXsoarConnector,
} from './connectors/http/ticketing.js';
export { createWebhookConnector, signWebhook, verifyWebhookSignature } from './connectors/http/webhook.js';
export { type CommandRunner, localRunner, namespaceRunner, sshRunner } from './connectors/process/command-runner.js';
export { createResponseScriptConnector } from './connectors/response-script.js';
export { createSecrets, type SecretReference, type Secrets } from './connectors/secrets.js';
export { type Notice, type NoticeContext, sendNotice } from './notices/send-notice.js';
export { draftsFromProposals, idempotencyKeyOf, type StepDraft } from './orchestrator/build-steps.js';
export { describeRun, type PlannedStep } from './orchestrator/describe-run.js';
export { Orchestrator, type OrchestratorDependencies, type StartRunInput } from './orchestrator/orchestrator.js';
export { runHasFailures } from './orchestrator/run-health.js';
export { runIsReady } from './orchestrator/run-readiness.js';
export { withDeadline } from './orchestrator/run-step-execution.js';
export { fromCacao, toCacao } from './playbooks/cacao.js';
export { draftPlaybook } from './playbooks/draft-playbook.js';
export { expandPlaybook, selectPlaybooks } from './playbooks/expand-playbook.js';
export { compileExpression, evaluateCondition, renderTemplate } from './playbooks/expression.js';
export { loadPlaybook, loadPlaybooks, parsePlaybook } from './playbooks/load-playbook.js';
export { type Playbook, playbookSchema } from './playbooks/playbook-schema.js';
export { decide, effectiveRisk, type PolicyAsset, type PolicyContext, type TrackRecord } from './policy/decide.js';
export { durationSchema, parseDuration } from './policy/duration.js';
export { loadPolicy, parsePolicy } from './policy/load-policy.js';
export { type Policy, policySchema } from './policy/policy-schema.js';
export { policyDecider, type StepDecider, type StepDecisions } from './policy/step-decisions.js';
export { draftsForIncident, type IncidentResponseInput } from './respond-to-incident.js';
export { planRunId } from './service/plan-run-id.js';
export {
  type ApprovalDecision,
  type ResponseEvents,
  ResponseService,
  type ResponseServiceDependencies,
  type ResponseSettings,
} from './service/response-service.js';
export { RunScheduler } from './service/run-scheduler.js';
