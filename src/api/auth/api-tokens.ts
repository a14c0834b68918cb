/**
 * API tokens: `vgl_<id>_<secret>` with a 6-byte id and a 32-byte secret, both hex. The id
 * finds the stored token; only the SHA-256 of the secret is stored and it is compared in
 * constant time. The full token is shown once, at creation.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UsageError } from '../../core/index.js';
import type { ApiRole, StoredToken, TokenStore } from '../../store/index.js';

export const tokenPrefix = 'vgl_';
const tokenPattern = /^vgl_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface ParsedToken {
  id: string;
  secret: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Splits a token into its id and secret; undefined when it is not shaped like a Vigil token. */
export function parseToken(text: string): ParsedToken | undefined {
  const match = tokenPattern.exec(text.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export interface CreatedToken {
  /** The full token: show it once, it is not stored. */
  token: string;
  stored: StoredToken;
}

export interface CreateTokenOptions {
  name: string;
  role: ApiRole;
  createdBy: string;
  now?: Date;
  random?: (size: number) => Buffer;
}

/** Creates a token, stores its hash and returns the full token text once. */
export async function createApiToken(tokens: TokenStore, options: CreateTokenOptions): Promise<CreatedToken> {
  const name = options.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(name)) {
    throw new UsageError(
      'a token name is 1-64 letters, digits, dots, dashes, underscores or @, starting alphanumeric',
      {
        location: { field: 'name' },
      },
    );
  }
  const random = options.random ?? randomBytes;
  const id = random(6).toString('hex');
  const secret = random(32).toString('hex');
  const stored: StoredToken = {
    id,
    name,
    role: options.role,
    secretHash: hashSecret(secret),
    createdAt: (options.now ?? new Date()).toISOString(),
    createdBy: options.createdBy,
  };
  await tokens.createToken(stored);
  return { token: `${tokenPrefix}${id}_${secret}`, stored };
}

/** The user behind a request. */
export interface ApiUser {
  tokenId: string;
  name: string;
  role: ApiRole;
}

/** How often `lastUsedAt` is refreshed, so reads do not turn into a write per request. */
const touchIntervalMs = 60_000;

/** Resolves a presented token to its user; undefined when unknown, revoked or wrong. */
export async function verifyApiToken(tokens: TokenStore, text: string, now = new Date()): Promise<ApiUser | undefined> {
  const parsed = parseToken(text);
  if (!parsed) return undefined;
  const stored = await tokens.getToken(parsed.id);
  // hash even when the id is unknown, so both paths cost the same
  const matches = secretMatches(parsed.secret, stored?.secretHash ?? '0'.repeat(64));
  if (!stored || !matches || stored.revokedAt) return undefined;
  if (!stored.lastUsedAt || now.getTime() - Date.parse(stored.lastUsedAt) > touchIntervalMs)
    await tokens.touchToken(stored.id, now.toISOString());
  return { tokenId: stored.id, name: stored.name, role: stored.role };
}
