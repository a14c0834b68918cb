/** @module api: the HTTP API and console server (`vigil serve`): routes, tokens, roles, live updates. */
export type { ApiContext } from './api-context.js';
export { type ApiMount, type AppOptions, apiPrefix, createApp, type ResponseOptions, responseDeskOf } from './app.js';
export {
  type ApiUser,
  type CreatedToken,
  createApiToken,
  hashSecret,
  parseToken,
  tokenPrefix,
  verifyApiToken,
} from './auth/api-tokens.js';
export { type Permission, permissionsByRole, roleMay } from './auth/permissions.js';
export {
  type ConsoleBuild,
  consoleIsBuilt,
  consoleIsStale,
  defaultConsoleFolder,
  ensureConsoleBuilt,
} from './console-build.js';
export { httpStatusByErrorCode, toHttpError } from './http-errors.js';
export { createHecMount, type HecBatchOutcome, type HecMountOptions, hecPrefix } from './ingest/hec-mount.js';
export { investigateLiveBatches, type LiveBatchOptions, type LiveBatchOutcome } from './ingest/live-batches.js';
export { splunkResultOf, splunkSpoolOf } from './ingest/splunk-spool.js';
export { createSyslogMount, type SyslogMount, type SyslogMountOptions } from './ingest/syslog-mount.js';
export { type LiveEvent, LiveFeed } from './live/live-feed.js';
export { loggerOptions, redactedPaths } from './logger.js';
export { type CaseReportSources, caseReportHtml } from './report/case-report.js';
export { chromiumArguments, chromiumPath, renderPdf } from './report/render-pdf.js';
export {
  loadResponseOptions,
  type ResolvedResponse,
  type ResponseFiles,
} from './response/load-response-options.js';
export { planRunId, ResponseDesk, type ResponseSettings } from './response/response-desk.js';
export { describeResponseRun } from './response/run-summary.js';
