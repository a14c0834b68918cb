import { timingSafeEqual } from 'node:crypto';

/** A request as any HTTP framework can hand it over: header names in any case, the body read whole. */
export interface HecRequest {
  method: string;
  /** Path and query, as in `IncomingMessage.url` (`/services/collector/raw?sourcetype=syslog`). */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array | string;
}

export interface HecResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, as Splunk writes it: `{"text":"Success","code":0}`. */
  body: string;
}

/** HEC's status codes, texts and HTTP statuses (Splunk's "Troubleshoot HTTP Event Collector"). */
export const hecStatus = {
  success: { code: 0, text: 'Success', status: 200 },
  tokenDisabled: { code: 1, text: 'Token disabled', status: 403 },
  tokenRequired: { code: 2, text: 'Token is required', status: 401 },
  invalidAuthorization: { code: 3, text: 'Invalid authorization', status: 401 },
  invalidToken: { code: 4, text: 'Invalid token', status: 403 },
  noData: { code: 5, text: 'No data', status: 400 },
  invalidDataFormat: { code: 6, text: 'Invalid data format', status: 400 },
  incorrectIndex: { code: 7, text: 'Incorrect index', status: 400 },
  internalError: { code: 8, text: 'Internal server error', status: 500 },
  serverBusy: { code: 9, text: 'Server is busy', status: 503 },
  channelMissing: { code: 10, text: 'Data channel is missing', status: 400 },
  invalidChannel: { code: 11, text: 'Invalid data channel', status: 400 },
  eventRequired: { code: 12, text: 'Event field is required', status: 400 },
  eventBlank: { code: 13, text: 'Event field cannot be blank', status: 400 },
  ackDisabled: { code: 14, text: 'ACK is disabled', status: 400 },
  indexedFieldsError: { code: 15, text: 'Error in handling indexed fields', status: 400 },
  queryStringAuthorizationDisabled: { code: 16, text: 'Query string authorization is not enabled', status: 400 },
  healthy: { code: 17, text: 'HEC is healthy', status: 200 },
  queuesFull: { code: 18, text: 'HEC is unhealthy, queues are full', status: 503 },
} as const;

export type HecStatus = (typeof hecStatus)[keyof typeof hecStatus];

export function hecReply(status: HecStatus, extra: Record<string, unknown> = {}): HecResponse {
  return {
    status: status.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ text: status.text, code: status.code, ...extra }),
  };
}

export function jsonReply(status: number, value: unknown): HecResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** A header's value whatever the case of its name; the first when repeated. */
export function headerOf(request: HecRequest, name: string): string | undefined {
  let value = request.headers[name];
  if (value === undefined) {
    for (const key in request.headers) {
      if (key.toLowerCase() === name) {
        value = request.headers[key];
        break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.[0];
}

/** An HEC token, with what it may do. */
export interface HecToken {
  value: string;
  disabled?: boolean;
  /** Indexes events may name; absent: any. */
  indexes?: readonly string[];
}

function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token a request presents: `Authorization: Splunk <token>`, Basic auth (password), or `?token=`. */
export function authorise(
  request: HecRequest,
  query: URLSearchParams,
  tokens: readonly HecToken[],
  allowQueryString: boolean,
): { token: HecToken } | { error: HecStatus } {
  const header = headerOf(request, 'authorization');
  let presented: string | undefined;
  if (header !== undefined) {
    const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
    if (!match) return { error: hecStatus.invalidAuthorization };
    const [, scheme, credential] = match as unknown as [string, string, string];
    if (scheme.toLowerCase() === 'splunk') presented = credential;
    else if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon === -1) return { error: hecStatus.invalidAuthorization };
      presented = decoded.slice(colon + 1);
    } else return { error: hecStatus.invalidAuthorization };
  } else if (query.has('token')) {
    if (!allowQueryString) return { error: hecStatus.queryStringAuthorizationDisabled };
    presented = query.get('token') ?? '';
  }
  if (presented === undefined || presented === '') return { error: hecStatus.tokenRequired };
  const token = tokens.find((candidate) => sameSecret(presented as string, candidate.value));
  if (!token) return { error: hecStatus.invalidToken };
  if (token.disabled) return { error: hecStatus.tokenDisabled };
  return { token };
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request's data channel (header or `?channel=`): undefined when absent, an error when not a GUID. */
export function channelOf(request: HecRequest, query: URLSearchParams): string | undefined | { error: HecStatus } {
  const channel = headerOf(request, 'x-splunk-request-channel') ?? query.get('channel') ?? undefined;
  if (channel === undefined || channel === '') return undefined;
  return guidPattern.test(channel) ? channel.toLowerCase() : { error: hecStatus.invalidChannel };
}
