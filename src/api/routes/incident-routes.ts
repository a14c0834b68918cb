import { z } from 'zod';
import { type Incident, incidentStatusSchema, NotFoundError, severitySchema, VigilError } from '../../core/index.js';
import { type FoldedAlert, foldAlerts } from '../../correlate/index.js';
import { caseFiles, incidentSlaStatuses } from '../../knowledge/index.js';
import type { Store } from '../../store/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { proposalViewSchema, proposalViews } from '../approvals/proposal-views.js';
import { requireUser } from '../auth/authenticate.js';
import {
  incidentDetail,
  incidentDetailSchema,
  incidentSummarySchema,
  summariseIncident,
} from '../incidents/incident-views.js';
import { caseReportHtml } from '../report/case-report.js';
import { renderPdf } from '../report/render-pdf.js';
import { decideAction } from '../response/decide-action.js';

const identifier = z.string().min(1).max(200);

export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((body) => body.decision === 'approved' || (body.reason ?? '').length > 0, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });

/** Alerts one queue page folds at most; incidents beyond it are listed without their folded counts. */
const foldCap = 20_000;

/** Each incident's alerts folded, read in one store call for the whole page. */
async function foldedAlertsOf(store: Store, incidents: readonly Incident[]): Promise<Map<string, FoldedAlert[]>> {
  const included: Incident[] = [];
  let total = 0;
  for (const incident of incidents) {
    if (total + incident.alertIds.length > foldCap) continue;
    total += incident.alertIds.length;
    included.push(incident);
  }
  const alerts = new Map(
    (await store.getAlerts(included.flatMap((incident) => incident.alertIds))).map((alert) => [alert.id, alert]),
  );
  return new Map(
    included.map((incident) => [
      incident.id,
      foldAlerts(incident.alertIds.map((id) => alerts.get(id)).filter((alert) => alert !== undefined)),
    ]),
  );
}

export function registerIncidentRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/incidents',
    {
      config: { access: 'read' },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, most recent first, with filters',
        querystring: z.strictObject({
          severity: severitySchema.optional(),
          status: incidentStatusSchema.optional(),
          q: z.string().max(200).optional().describe('text found in the title or an entity'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(incidentSummarySchema) }) },
      },
    },
    async (request) => {
      const { severity, status, q, limit } = request.query;
      const needle = q?.toLowerCase();
      const matching = (await context.store.listIncidents({ limit: 1000 }))
        .filter((incident) => {
          if (severity && incident.severity !== severity) return false;
          if (status && incident.status !== status) return false;
          if (!needle) return true;
          const haystack = [incident.title, incident.id, ...Object.values(incident.entities).flat()].join('\n');
          return haystack.toLowerCase().includes(needle);
        })
        .slice(0, limit);
      const stored = await context.store.getIncidents(matching.map((incident) => incident.id));
      const artifactsOf = new Map(stored.map((item) => [item.incident.id, item.artifacts]));
      const ids = matching.map((incident) => incident.id);
      const files = caseFiles(ids, await context.store.listCaseEntries(ids));
      const sla = await incidentSlaStatuses(
        { store: context.store, runs: context.runs, targets: context.sla, now: context.clock() },
        matching,
      );
      const folded = await foldedAlertsOf(context.store, matching);
      return {
        items: matching.map((incident) =>
          summariseIncident(
            incident,
            artifactsOf.get(incident.id) ?? {},
            files.get(incident.id),
            sla.get(incident.id),
            folded.get(incident.id),
          ),
        ),
      };
    },
  );

  app.get(
    '/sla/targets',
    {
      config: { access: 'read' },
      schema: {
        tags: ['incidents'],
        summary: 'The SLA targets in force: milliseconds to acknowledge, contain and close, per severity',
        response: {
          200: z.record(
            severitySchema,
            z.object({ acknowledge: z.number().int(), contain: z.number().int(), close: z.number().int() }),
          ),
        },
      },
    },
    async () => context.sla,
  );

  app.get(
    '/incidents/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident: timeline, attack graph, stages, evidence, plan with approvals',
        params: z.strictObject({ id: identifier }),
        response: { 200: incidentDetailSchema },
      },
    },
    async (request) => incidentDetail(context, request.params.id),
  );

  app.get(
    '/incidents/:id/report',
    {
      config: { access: 'read' },
      schema: {
        tags: ['incidents'],
        summary:
          'The case report: summary, kill chain, graph, timeline, stages with evidence, plan with decisions, indicators, audit excerpt',
        description:
          'HTML by default; `format=pdf` renders it with headless Chromium (501 when Chromium is not installed).',
        params: z.strictObject({ id: identifier }),
        querystring: z.strictObject({ format: z.enum(['html', 'pdf']).default('html') }),
      },
    },
    async (request, reply) => {
      const html = await caseReportHtml(context, request.params.id, context.clock());
      const name = `vigil-report-${request.params.id.replace(/[^A-Za-z0-9-]/g, '')}`;
      if (request.query.format === 'pdf') {
        const pdf = await renderPdf(html);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${name}.pdf"`)
          .send(pdf);
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `inline; filename="${name}.html"`)
        .send(html);
    },
  );

  app.get(
    '/incidents/:id/proposals',
    {
      config: { access: 'read' },
      schema: {
        tags: ['approvals'],
        summary: 'The proposed actions of one incident with their decision state',
        params: z.strictObject({ id: identifier }),
        response: { 200: z.object({ items: z.array(proposalViewSchema) }) },
      },
    },
    async (request) => {
      const detail = await incidentDetail(context, request.params.id);
      return { items: detail.proposals };
    },
  );

  app.post(
    '/incidents/:incidentId/proposals/:proposalId/decision',
    {
      config: { access: 'decide' },
      schema: {
        tags: ['approvals'],
        summary: 'Approve or reject a proposed action through the approval queue (two-person rule enforced)',
        description:
          "The incident's plan run is started first when it has none (the response policy decides each step). The requester of a plan cannot approve it; high and critical risk actions need two distinct approvers, the last of them a responder or admin; a rejection needs a reason. A complete approval sets the run going.",
        params: z.strictObject({ incidentId: identifier, proposalId: identifier }),
        body: decisionBodySchema,
        response: { 200: proposalViewSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { incidentId, proposalId } = request.params;
      const found = await context.store.getIncident(incidentId);
      if (!found) throw new NotFoundError(`no incident ${incidentId}`, { location: { objectId: incidentId } });
      if (!(await context.store.listProposals(incidentId)).some((proposal) => proposal.id === proposalId)) {
        throw new NotFoundError(`incident ${incidentId} has no proposed action ${proposalId}`, {
          location: { objectId: proposalId },
        });
      }
      if (!context.desk) {
        throw new VigilError('configuration-missing', 'this server has no run store: decisions cannot be carried out');
      }
      const outcome = await decideAction(context.desk, user, {
        incidentId,
        proposalId,
        decision: request.body.decision,
        reason: request.body.reason,
      });
      context.metrics.decisions.inc({ decision: request.body.decision });
      context.live.publish({
        type: 'approval-decided',
        subjectId: proposalId,
        at: context.clock().toISOString(),
        data: {
          incidentId,
          status: outcome.request.status,
          by: user.name,
          decision: request.body.decision,
          runId: outcome.run.id,
        },
      });
      const views = await proposalViews(context, found.incident);
      return views.find((view) => view.proposal.id === proposalId)!;
    },
  );
}
