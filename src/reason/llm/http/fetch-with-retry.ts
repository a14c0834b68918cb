/**
 * POSTs JSON to a model API with a per-attempt timeout and retries on 408/409/429/5xx and on
 * network failures, waiting as the server's `Retry-After` says (seconds or HTTP date) or
 * with exponential backoff. Failures become ExternalServiceError with the status code;
 * the request body and headers (API keys) are never put into an error message.
 */
import { ExternalServiceError } from '../../../core/index.js';

export interface HttpSettings {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay in milliseconds (doubled each retry). Default 500. */
  initialDelayMs?: number;
  /** Longest wait honoured from Retry-After, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /** Injected for tests. */
  sleep?: (milliseconds: number) => Promise<void>;
}

export const retryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/** Milliseconds the server asks us to wait, from `Retry-After` or `retry-after-ms`; undefined if absent. */
export function retryAfterMilliseconds(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Short, key-free description of an error body for messages. */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; type?: unknown } | string };
    const error = parsed.error;
    if (typeof error === 'string') return error.slice(0, 300);
    if (error && typeof error.message === 'string') return error.message.slice(0, 300);
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 300);
}

export interface PostedResponse {
  response: Response;
  attempts: number;
}

/**
 * Sends the request until it gets a non-retryable answer. Returns the successful response
 * (body unread, so it can be streamed); throws ExternalServiceError otherwise, with
 * `retryable` telling whether a later try might succeed and `statusCode` set.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  settings: HttpSettings = {},
  abortSignal?: AbortSignal,
): Promise<PostedResponse> {
  const fetchFunction = settings.fetch ?? fetch;
  const sleep = settings.sleep ?? defaultSleep;
  const maxRetries = settings.maxRetries ?? 2;
  const maxDelay = settings.maxDelayMs ?? 30_000;
  let delay = settings.initialDelayMs ?? 500;
  const payload = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    const signals = [AbortSignal.timeout(settings.timeoutMs ?? 60_000), ...(abortSignal ? [abortSignal] : [])];
    let response: Response;
    try {
      response = await fetchFunction(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      if (abortSignal?.aborted) throw new ExternalServiceError(`request to ${url} aborted`, { cause: error });
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (attempt < maxRetries) {
        await sleep(delay);
        delay *= 2;
        continue;
      }
      throw new ExternalServiceError(
        `${timedOut ? 'timed out calling' : 'could not reach'} ${url} after ${attempt + 1} attempt(s)`,
        { retryable: true, cause: error },
      );
    }
    if (response.ok) return { response, attempts: attempt + 1 };
    const text = await response.text().catch(() => '');
    if (retryableStatus(response.status) && attempt < maxRetries) {
      const asked = retryAfterMilliseconds(response.headers);
      await sleep(Math.min(asked ?? delay, maxDelay));
      delay *= 2;
      continue;
    }
    throw new ExternalServiceError(`${url} answered ${response.status}: ${describeBody(text)}`, {
      statusCode: response.status,
      retryable: retryableStatus(response.status),
    });
  }
}
