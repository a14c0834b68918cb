import { z } from 'zod';
import { NotFoundError } from '../../core/index.js';
import { navigatorLayer, navigatorLayerSchema } from '../../detect/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { incidentAlerts } from '../incidents/incident-alerts.js';

/** An incident's techniques as an ATT&CK Navigator layer, scored by how many of its alerts show each. */
export function registerNavigatorRoutes(app: ApiApp, context: ApiContext): void {
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
