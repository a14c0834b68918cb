import { z } from 'zod';
import { NotFoundError } from '../../core/index.js';
import { heatmapLayer, techniqueHeatmap, techniqueHeatmapSchema } from '../../correlate/index.js';
import { navigatorLayer, navigatorLayerSchema } from '../../detect/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { incidentAlerts } from '../incidents/incident-alerts.js';

const rangeSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('incidents still active at or after this time'),
  to: z.iso.datetime({ offset: true }).optional().describe('incidents that began before this time'),
});

/** Incidents the heatmap counts at most (most recent first). */
const heatmapIncidents = 10_000;

/**
 * ATT&CK Navigator layers: one incident's techniques, scored by how many of its alerts show each;
 * and the heatmap across all incidents of a time range, scored by how many incidents show each.
 */
export function registerNavigatorRoutes(app: ApiApp, context: ApiContext): void {
  const heatmap = async (range: z.infer<typeof rangeSchema>) =>
    techniqueHeatmap(await context.store.listIncidents({ limit: heatmapIncidents }), range, context.attack);

  app.get(
    '/attack/heatmap',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'How many incidents of a time range show each ATT&CK technique, by tactic',
        querystring: rangeSchema,
        response: { 200: techniqueHeatmapSchema },
      },
    },
    async (request) => heatmap(request.query),
  );

  app.get(
    '/attack/layer',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: 'The ATT&CK heatmap across incidents as a Navigator layer (format 4.5; score: incidents)',
        querystring: rangeSchema,
        response: { 200: navigatorLayerSchema },
      },
    },
    async (request, reply) => {
      // the loaded catalogue (an AttackCatalog) knows its ATT&CK version
      const attack = context.attack;
      const attackVersion =
        attack && 'version' in attack && typeof attack.version === 'string' ? attack.version : undefined;
      const layer = heatmapLayer(await heatmap(request.query), { attackVersion });
      return reply.header('content-disposition', 'attachment; filename="vigil-attack-layer.json"').send(layer);
    },
  );

  app.get(
    '/incidents/:id/navigator-layer',
    {
      config: { access: 'read' },
      schema: {
        tags: ['knowledge'],
        summary: "The incident's ATT&CK techniques as a Navigator layer (score: alerts showing the technique)",
        params: z.strictObject({ id: z.string().min(1).max(200) }),
        response: { 200: navigatorLayerSchema },
      },
    },
    async (request) => {
      const found = await context.store.getIncident(request.params.id);
      if (!found)
        throw new NotFoundError(`no incident ${request.params.id}`, { location: { objectId: request.params.id } });
      const { incident } = found;
      const alerts = await incidentAlerts(context.store, incident);
      const techniques = incident.techniques.map((id) => {
        const showing = alerts.filter((alert) => alert.techniques.includes(id));
        return {
          id,
          score: Math.max(1, showing.length),
          comment: showing
            .slice(0, 3)
            .map((alert) => alert.ruleTitle)
            .join('; '),
        };
      });
      return navigatorLayer(techniques, { name: incident.title, description: `Vigil incident ${incident.id}` });
    },
  );
}
