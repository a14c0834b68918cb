/**
 * The one place where errors become HTTP responses: `VigilError` codes, edge refusals,
 * request validation (zod) and Fastify's own client errors. Every error body has the
 * shape `{ error: { code, message, issues?, location? } }`; 5xx bodies never echo internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorCode, VigilError } from '../core/index.js';
import { ApiRefusal } from './api-refusal.js';

export const httpStatusByErrorCode: Record<ErrorCode, number> = {
  usage: 400,
  'input-unreadable': 400,
  'input-invalid': 400,
  'validation-failed': 422,
  'not-found': 404,
  conflict: 409,
  'run-lease-held': 409,
  'run-lease-lost': 409,
  'run-transition-invalid': 409,
  forbidden: 403,
  'configuration-missing': 503,
  'external-service-failed': 502,
  unsupported: 501,
  internal: 500,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    location?: Record<string, unknown>;
  };
}

export function errorBody(code: string, message: string, extra: Partial<ErrorBody['error']> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}

function validationIssues(error: { validation: unknown[] }): { path: string; message: string }[] {
  return error.validation.map((issue) => {
    const item = issue as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } };
    const path = item.params?.issue?.path?.map(String).join('.') ?? item.instancePath?.replace(/^\//, '') ?? '';
    return { path, message: item.message ?? 'invalid' };
  });
}

/** Maps anything thrown by a route or hook to a status and a body. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'request';
    return {
      status: 400,
      body: errorBody('input-invalid', `the ${context} does not match the schema`, {
        issues: validationIssues(error as unknown as { validation: unknown[] }),
      }),
    };
  }
  if (error instanceof ApiRefusal) return { status: error.statusCode, body: errorBody(error.code, error.message) };
  if (VigilError.isInstance(error)) {
    const status = httpStatusByErrorCode[error.code];
    const issues = 'issues' in error && Array.isArray(error.issues) ? error.issues.map(String) : [];
    return {
      status,
      body: errorBody(error.code, status >= 500 ? 'the server failed; see its log' : error.message, {
        ...(issues.length > 0 && status < 500 ? { issues: issues.map((message) => ({ path: '', message })) } : {}),
        ...(error.location && status < 500 ? { location: { ...error.location } } : {}),
      }),
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'payload-too-large'
        : status === 415
          ? 'unsupported-media-type'
          : status === 429
            ? 'rate-limited'
            : 'input-invalid';
    return { status, body: errorBody(code, fastifyError.message ?? 'bad request') };
  }
  return { status: 500, body: errorBody('internal', 'the server failed; see its log') };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = toHttpError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.error.code, status }, 'request refused');
  return reply.status(status).send(body);
}
