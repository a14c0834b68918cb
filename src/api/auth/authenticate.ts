/**
 * The `onRequest` hook that authenticates every request and enforces the route's declared
 * permission. Tokens come only from `Authorization: Bearer …`, never from the URL.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenStore } from '../../store/index.js';
import { ApiRefusal } from '../api-refusal.js';
import { type ApiUser, verifyApiToken } from './api-tokens.js';
import { type RouteAccess, roleMay } from './permissions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every route declares one. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the authentication hook on every non-public route. */
    user?: ApiUser;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** The authenticated user of a request; throws when a route forgot to require one. */
export function requireUser(request: FastifyRequest): ApiUser {
  if (!request.user) throw new ApiRefusal('unauthenticated', 'this request needs an API token');
  return request.user;
}

const verified = new WeakMap<FastifyRequest, Promise<ApiUser | undefined>>();

/**
 * The user whose token (id and secret) the request carries, verified once per request: the rate
 * limiter buckets by it before the authentication hook runs, and the hook reuses the answer.
 */
export function verifiedUserOf(tokens: TokenStore, request: FastifyRequest, now: Date): Promise<ApiUser | undefined> {
  let user = verified.get(request);
  if (!user) {
    const text = bearerToken(request);
    user = text ? verifyApiToken(tokens, text, now) : Promise.resolve(undefined);
    verified.set(request, user);
  }
  return user;
}

export function createAuthenticationHook(tokens: TokenStore, clock: () => Date) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // unmatched routes fall through to the not-found handler
    if (request.routeOptions.url === undefined) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    const text = bearerToken(request);
    if (!text) throw new ApiRefusal('unauthenticated', 'send an API token as "Authorization: Bearer vgl_…"');
    const user = await verifiedUserOf(tokens, request, clock());
    if (!user) throw new ApiRefusal('unauthenticated', 'the API token is unknown, revoked or malformed');
    request.user = user;
    if (access === undefined) throw new ApiRefusal('forbidden', 'this route declares no permission; refused');
    if (!roleMay(user.role, access)) {
      throw new ApiRefusal('forbidden', `the ${user.role} role may not do this (needs ${access})`);
    }
  };
}
