import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../store/index.js';
import { createApiToken, hashSecret, parseToken, secretMatches, verifyApiToken } from './api-tokens.js';
import { permissionsByRole } from './permissions.js';

describe('token text', () => {
  test.prop([fc.string()])('parseToken never throws and accepts only the exact shape', (text) => {
    const parsed = parseToken(text);
    if (parsed) expect(`vgl_${parsed.id}_${parsed.secret}`).toBe(text.trim());
  });

  test.prop([fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.uint8Array({ minLength: 32, maxLength: 32 })])(
    'round-trips every id and secret',
    (id, secret) => {
      const text = `vgl_${Buffer.from(id).toString('hex')}_${Buffer.from(secret).toString('hex')}`;
      expect(parseToken(text)).toEqual({
        id: Buffer.from(id).toString('hex'),
        secret: Buffer.from(secret).toString('hex'),
      });
    },
  );

  it('compares secrets by hash', () => {
    expect(secretMatches('abc', hashSecret('abc'))).toBe(true);
    expect(secretMatches('abd', hashSecret('abc'))).toBe(false);
    expect(secretMatches('abc', 'short')).toBe(false);
  });

  it('gives each role a superset of the one below', () => {
    const order = ['viewer', 'analyst', 'responder', 'admin'] as const;
    for (let index = 1; index < order.length; index += 1) {
      const lower = permissionsByRole[order[index - 1]!];
      expect(lower.every((permission) => permissionsByRole[order[index]!].includes(permission))).toBe(true);
    }
    expect(permissionsByRole.analyst).not.toContain('execute');
    expect(permissionsByRole.responder).not.toContain('administer');
  });
});

describe('stored tokens', () => {
  it('creates, verifies, touches and revokes', async () => {
    const stores = await openStores(':memory:');
    const now = new Date('2024-01-01T00:00:00Z');
    const created = await createApiToken(stores.tokens, { name: 'alice', role: 'analyst', createdBy: 'test', now });
    expect(await verifyApiToken(stores.tokens, created.token, now)).toEqual({
      tokenId: created.stored.id,
      name: 'alice',
      role: 'analyst',
    });
    expect((await stores.tokens.getToken(created.stored.id))?.lastUsedAt).toBe(now.toISOString());
    expect(await stores.tokens.countActiveTokens()).toBe(1);
    expect(await stores.tokens.revokeToken(created.stored.id, now.toISOString())).toBe(true);
    expect(await verifyApiToken(stores.tokens, created.token, now)).toBeUndefined();
    expect(await stores.tokens.countActiveTokens()).toBe(0);
    expect(await stores.tokens.revokeToken('000000000000', now.toISOString())).toBe(false);
    await expect(
      createApiToken(stores.tokens, { name: 'bad name!', role: 'viewer', createdBy: 'test' }),
    ).rejects.toThrow(/token name/);
    await stores.close();
  });
});
