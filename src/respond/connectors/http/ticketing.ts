/**
 * Ticketing and SOAR platforms, by their documented REST shapes:
 * - TheHive 5: `POST /api/v1/alert` (or `/api/v1/case`, then `POST /api/v1/case/{id}/observable`
 *   per observable), `Authorization: Bearer KEY`, optional `X-Organisation`.
 * - Cortex XSOAR: `POST /incident` (6.x; 8.x under `/xsoar`), `Authorization: KEY`, and
 *   `x-xdr-auth-id` for 8.x standard keys.
 * - MISP: `POST /sightings/add` (type 0 sighting, 2 expiration for undo), `POST /events/add`,
 *   `Authorization: KEY`.
 */
import type { Connector, StepInvocation } from '../connector.js';
import { joinUrl, maskHeaders, postJson } from './post-json.js';

const severities = ['low', 'medium', 'high', 'critical'] as const;
const severityOf = (step: StepInvocation) => {
  const index = severities.indexOf(String(step.parameters.severity ?? 'medium') as (typeof severities)[number]);
  return index < 0 ? 1 : index;
};
const titleOf = (step: StepInvocation) =>
  typeof step.parameters.title === 'string'
    ? step.parameters.title
    : `Vigil incident ${step.incidentId ?? step.target.value}`;
const descriptionOf = (step: StepInvocation) =>
  typeof step.parameters.description === 'string'
    ? step.parameters.description
    : `Opened by Vigil run ${step.runId}, step ${step.ref}.`;

/** Observables given as `parameters.observables: [{ type, value }]`, in Vigil's vocabulary. */
function observablesOf(step: StepInvocation): Array<{ type: string; value: string }> {
  const list = Array.isArray(step.parameters.observables) ? step.parameters.observables : [];
  return list.flatMap((item) =>
    item && typeof item === 'object' && typeof (item as { value?: unknown }).value === 'string'
      ? [{ type: String((item as { type?: unknown }).type ?? 'other'), value: (item as { value: string }).value }]
      : [],
  );
}

const theHiveDataType: Record<string, string> = {
  ip: 'ip',
  domain: 'domain',
  url: 'url',
  hash: 'hash',
  email: 'mail',
  file: 'filename',
  host: 'hostname',
  user: 'other',
};

export interface TheHiveOptions {
  url: string;
  apiKey: string;
  organisation?: string;
  /** `alert` (default) or `case`. */
  create?: 'alert' | 'case';
}

export function createTheHiveConnector(options: TheHiveOptions): Connector {
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    ...(options.organisation ? { 'x-organisation': options.organisation } : {}),
  };
  const kind = options.create ?? 'alert';
  const observables = (step: StepInvocation) =>
    observablesOf(step).map((item) => ({ dataType: theHiveDataType[item.type] ?? 'other', data: item.value }));
  const body = (step: StepInvocation) => ({
    title: titleOf(step),
    description: descriptionOf(step),
    severity: severityOf(step) + 1,
    tlp: 2,
    pap: 2,
    tags: ['vigil'],
    ...(kind === 'alert'
      ? { type: 'vigil', source: 'vigil', sourceRef: step.idempotencyKey.slice(-64), observables: observables(step) }
      : {}),
  });
  return {
    name: 'thehive',
    actions: ['open-ticket'],
    plan: (step) => ({
      connector: 'thehive',
      summary: `create a TheHive ${kind}`,
      request: {
        method: 'POST',
        url: joinUrl(options.url, `/api/v1/${kind}`),
        headers: maskHeaders(headers, ['authorization']),
        body: body(step),
      },
    }),
    async execute(step, signal) {
      const created = (await postJson(joinUrl(options.url, `/api/v1/${kind}`), body(step), headers, signal)).body as {
        _id?: string;
        number?: number;
      };
      let added = 0;
      if (kind === 'case' && created._id) {
        for (const observable of observables(step)) {
          await postJson(
            joinUrl(options.url, `/api/v1/case/${encodeURIComponent(created._id)}/observable`),
            observable,
            headers,
            signal,
          );
          added += 1;
        }
      }
      return {
        kind,
        id: created._id ?? null,
        number: created.number ?? null,
        observables: kind === 'alert' ? observables(step).length : added,
      };
    },
  };
}

export interface XsoarOptions {
  url: string;
  apiKey: string;
  /** API key id for Cortex XSOAR 8 standard keys. */
  authId?: string;
  incidentType?: string;
}

export function createXsoarConnector(options: XsoarOptions): Connector {
  const headers = { authorization: options.apiKey, ...(options.authId ? { 'x-xdr-auth-id': options.authId } : {}) };
  const body = (step: StepInvocation) => ({
    name: titleOf(step),
    type: options.incidentType ?? 'Unclassified',
    severity: severityOf(step) + 1,
    details: descriptionOf(step),
    labels: [
      { type: 'vigil-run', value: step.runId },
      ...observablesOf(step).map((item) => ({ type: item.type, value: item.value })),
    ],
    createInvestigation: true,
  });
  return {
    name: 'xsoar',
    actions: ['open-ticket'],
    plan: (step) => ({
      connector: 'xsoar',
      summary: 'create a Cortex XSOAR incident',
      request: {
        method: 'POST',
        url: joinUrl(options.url, '/incident'),
        headers: maskHeaders(headers, ['authorization']),
        body: body(step),
      },
    }),
    async execute(step, signal) {
      const created = (await postJson(joinUrl(options.url, '/incident'), body(step), headers, signal)).body as {
        id?: string;
      };
      return { id: created.id ?? null };
    },
  };
}

export interface MispOptions {
  url: string;
  apiKey: string;
  source?: string;
}

export function createMispConnector(options: MispOptions): Connector {
  const headers = { authorization: options.apiKey };
  const sighting = (step: StepInvocation, type: '0' | '2') => ({
    value: step.target.value,
    type,
    source: options.source ?? 'vigil',
    timestamp: Math.floor(Date.now() / 1000),
  });
  const send = async (step: StepInvocation, type: '0' | '2', signal: AbortSignal) => {
    const response = (await postJson(joinUrl(options.url, '/sightings/add'), sighting(step, type), headers, signal))
      .body as { Sighting?: { id?: string } };
    return { sightingId: response.Sighting?.id ?? null, type };
  };
  return {
    name: 'misp',
    actions: ['add-to-watchlist'],
    plan: (step) => ({
      connector: 'misp',
      summary: `add a MISP sighting of ${step.target.value}`,
      request: {
        method: 'POST',
        url: joinUrl(options.url, '/sightings/add'),
        headers: maskHeaders(headers, ['authorization']),
        body: sighting(step, '0'),
      },
    }),
    execute: (step, signal) => send(step, '0', signal),
    /** MISP cannot delete a sighting through this API; an expiration sighting ends it. */
    undo: (step, _output, signal) => send(step, '2', signal),
  };
}

/** Creates a MISP event holding the given attributes (used to share an incident's indicators). */
export async function createMispEvent(
  options: MispOptions,
  event: { info: string; attributes: Array<{ type: string; value: string; category?: string }> },
  signal: AbortSignal,
): Promise<{ id: string | null; uuid: string | null }> {
  const body = {
    Event: {
      info: event.info,
      distribution: 0,
      threat_level_id: 2,
      analysis: 1,
      Attribute: event.attributes.map((attribute) => ({
        type: attribute.type,
        value: attribute.value,
        category: attribute.category ?? 'Network activity',
        to_ids: true,
      })),
    },
  };
  const response = (
    await postJson(joinUrl(options.url, '/events/add'), body, { authorization: options.apiKey }, signal)
  ).body as { Event?: { id?: string; uuid?: string } };
  return { id: response.Event?.id ?? null, uuid: response.Event?.uuid ?? null };
}
