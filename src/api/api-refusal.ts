/**
 * Refusals that exist only at the HTTP edge: no or a bad token (401), a role that may not
 * use a route (403), too many requests (429). Domain failures stay `VigilError`s.
 */
export type RefusalCode = 'unauthenticated' | 'forbidden' | 'rate-limited';

const statusByRefusal: Record<RefusalCode, number> = { unauthenticated: 401, forbidden: 403, 'rate-limited': 429 };

export class ApiRefusal extends Error {
  readonly code: RefusalCode;
  readonly statusCode: number;
  constructor(code: RefusalCode, message: string) {
    super(message);
    this.name = 'ApiRefusal';
    this.code = code;
    this.statusCode = statusByRefusal[code];
  }
}
