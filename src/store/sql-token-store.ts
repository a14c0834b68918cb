/** `TokenStore` over Kysely: one row per token in `api_tokens` (migration 0004-api). */
import type { Kysely } from 'kysely';
import { VigilError } from '../core/index.js';
import { type ApiRole, apiRoles, type StoredToken, type TokenStore } from './token-store.js';

export type TokenTables = {
  api_tokens: {
    id: string;
    name: string;
    role: string;
    secret_hash: string;
    created_at: string;
    created_by: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
};

type Row = TokenTables['api_tokens'];

function toToken(row: Row): StoredToken {
  const role = apiRoles.includes(row.role as ApiRole) ? (row.role as ApiRole) : 'viewer';
  return {
    id: row.id,
    name: row.name,
    role,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
  };
}

export class SqlTokenStore implements TokenStore {
  constructor(private readonly database: Kysely<TokenTables>) {}

  async createToken(token: StoredToken): Promise<void> {
    const existing = await this.getToken(token.id);
    if (existing) throw new VigilError('conflict', `a token with id ${token.id} already exists`);
    await this.database
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        role: token.role,
        secret_hash: token.secretHash,
        created_at: token.createdAt,
        created_by: token.createdBy,
        last_used_at: token.lastUsedAt ?? null,
        revoked_at: token.revokedAt ?? null,
      })
      .execute();
  }

  async getToken(id: string): Promise<StoredToken | undefined> {
    const row = await this.database.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<StoredToken[]> {
    const rows = await this.database.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
    return rows.map(toToken);
  }

  async revokeToken(id: string, at: string): Promise<boolean> {
    const result = await this.database
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return true;
    return (await this.getToken(id)) !== undefined;
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.database.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async countActiveTokens(): Promise<number> {
    const row = await this.database
      .selectFrom('api_tokens')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
