import type { Command } from 'commander';
import { createApiToken } from '../../api/index.js';
import { UsageError } from '../../core/index.js';
import { type ApiRole, apiRoles, openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

function parseRole(value: string): ApiRole {
  if (!(apiRoles as readonly string[]).includes(value)) {
    throw new UsageError(`unknown role ${value}; one of ${apiRoles.join(', ')}`);
  }
  return value as ApiRole;
}

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for vigil serve (stored as hashes)');
  addStoreOption(
    tokens
      .command('create')
      .description('create a token; it is printed once and cannot be shown again')
      .requiredOption('--role <role>', `one of ${apiRoles.join(', ')}`, parseRole)
      .requiredOption('--name <name>', 'the user or system the token is for')
      .option('--json', 'print JSON'),
  ).action(async (flags: { role: ApiRole; name: string; json?: boolean; db?: string }) => {
    const output = createOutput(flags.json ?? false);
    const stores = await openStores(resolveSettings({ db: flags.db }).database);
    try {
      const created = await createApiToken(stores.tokens, { name: flags.name, role: flags.role, createdBy: 'cli' });
      await stores.store.appendAudit({
        actor: 'cli',
        action: 'token-created',
        subject: { kind: 'api-token', id: created.stored.id },
        details: { name: created.stored.name, role: created.stored.role },
      });
      if (output.json)
        writeJson(output, { token: created.token, id: created.stored.id, name: flags.name, role: flags.role });
      else output.write(`${created.token}\n(${flags.role} token for ${flags.name}; shown only this once)`);
    } finally {
      await stores.close();
    }
  });
  addStoreOption(
    tokens.command('list').description('list tokens (never their secrets)').option('--json', 'print JSON'),
  ).action(async (flags: { json?: boolean; db?: string }) => {
    const output = createOutput(flags.json ?? false);
    const stores = await openStores(resolveSettings({ db: flags.db }).database);
    try {
      const list = (await stores.tokens.listTokens()).map(({ secretHash: _secretHash, ...token }) => token);
      if (output.json) writeJson(output, { tokens: list });
      else
        for (const token of list)
          output.write(`${token.id}  ${token.role.padEnd(9)} ${token.name}${token.revokedAt ? '  (revoked)' : ''}`);
    } finally {
      await stores.close();
    }
  });
  addStoreOption(tokens.command('revoke').description('revoke a token by id').argument('<id>', 'token id')).action(
    async (id: string, flags: { db?: string }) => {
      const stores = await openStores(resolveSettings({ db: flags.db }).database);
      try {
        if (!(await stores.tokens.revokeToken(id, new Date().toISOString()))) throw new UsageError(`no token ${id}`);
        await stores.store.appendAudit({
          actor: 'cli',
          action: 'token-revoked',
          subject: { kind: 'api-token', id },
          details: {},
        });
        process.stdout.write(`revoked ${id}\n`);
      } finally {
        await stores.close();
      }
    },
  );
}
