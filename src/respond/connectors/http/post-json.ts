/** JSON over HTTP for connectors: 5xx, 429 and network failures are retryable; other 4xx are not. Headers never reach errors. */
import { ExternalServiceError } from '../../../core/index.js';

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
  rawBody?: string,
): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: rawBody ?? JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new ExternalServiceError(`cannot reach ${new URL(url).origin}: ${(error as Error).message}`, {
      retryable: true,
      cause: error,
    });
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  if (!response.ok) {
    throw new ExternalServiceError(`${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`, {
      statusCode: response.status,
      retryable: response.status >= 500 || response.status === 429,
    });
  }
  return { status: response.status, body: parsed };
}

/** Joins a base URL and a path without doubling slashes. */
export const joinUrl = (base: string, path: string): string =>
  `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/** Shows a header set with every credential replaced, for dry-run plans. */
export const maskHeaders = (headers: Record<string, string>, secretNames: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      secretNames.includes(name.toLowerCase()) ? '[secret]' : value,
    ]),
  );
