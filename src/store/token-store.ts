/**
 * The `TokenStore` contract: API tokens for `vigil serve`. Only the SHA-256 of a token's
 * secret is stored; the token itself is shown once, when it is created. Kept beside
 * `Store` (same database, same migrations) and opened with `openStores`.
 */

/** Roles of API users, from least to most privileged. */
export const apiRoles = ['viewer', 'analyst', 'responder', 'admin'] as const;
export type ApiRole = (typeof apiRoles)[number];

/** A token as stored: never the secret, only its hash. */
export interface StoredToken {
  /** Public part of the token (also written in the token text), used to find it. */
  id: string;
  /** Who or what uses the token; the API's audit entries name this user. */
  name: string;
  role: ApiRole;
  /** Hex SHA-256 of the token's secret part. */
  secretHash: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string | undefined;
  revokedAt?: string | undefined;
}

export interface TokenStore {
  /** Inserts a token; an id already stored is a conflict. */
  createToken(token: StoredToken): Promise<void>;
  getToken(id: string): Promise<StoredToken | undefined>;
  listTokens(): Promise<StoredToken[]>;
  /** Marks a token revoked; returns false when no such token exists. */
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;
  /** How many tokens are not revoked. */
  countActiveTokens(): Promise<number>;
}
