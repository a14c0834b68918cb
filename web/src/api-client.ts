/** A small fetch client for `/api/v1` that sends the bearer token and turns error bodies into `ApiError`s. */
import type { ApiErrorBody } from './api-types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** A text resource outside the JSON API (`/metrics`). */
  text(path: string): Promise<string>;
  /** A binary resource (a PDF report) as a Blob. */
  blob(path: string): Promise<Blob>;
  token: string;
}

export function createApiClient(token: string, fetcher: typeof fetch = fetch): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetcher(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as ApiErrorBody | undefined)?.error;
      const issues = error?.issues ?? [];
      const detail = issues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('; ');
      throw new ApiError(
        response.status,
        error?.code ?? 'unknown',
        `${error?.message ?? response.statusText}${detail ? ` (${detail})` : ''}`,
        issues,
      );
    }
    return parsed as T;
  }
  return {
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path) => call('DELETE', path),
    text: async (path) => {
      const response = await fetcher(path, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new ApiError(response.status, 'unknown', response.statusText);
      return response.text();
    },
    blob: async (path) => {
      const response = await fetcher(path, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new ApiError(response.status, 'unknown', response.statusText);
      return response.blob();
    },
  };
}
