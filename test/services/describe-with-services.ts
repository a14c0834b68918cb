/**
 * `describe` blocks that need real servers: they start them before the block and stop them
 * after, or skip with a visible message when the binaries are missing (`.ci/run` installs them).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type PostgresServer, postgresAvailable, startPostgres } from './postgres-server.js';
import { type RedisServer, redisAvailable, startRedis } from './redis-server.js';

export interface Services {
  postgres: PostgresServer;
  redis: RedisServer;
}

type Wanted = { postgres?: boolean; redis?: boolean };

/** Runs `body` with the servers asked for; `services()` gives them inside tests and hooks. */
export function describeWithServices(name: string, wanted: Wanted, body: (services: () => Services) => void): void {
  const missing = [
    wanted.postgres && !postgresAvailable() ? 'postgresql' : undefined,
    wanted.redis && !redisAvailable() ? 'redis-server' : undefined,
  ].filter((item): item is string => item !== undefined);
  if (missing.length > 0) {
    describe.skip(`${name} (skipped: ${missing.join(', ')} not installed; apt-get install ${missing.join(' ')})`, () => {
      body(() => {
        throw new Error('services not started');
      });
    });
    return;
  }
  describe(name, () => {
    const started: Partial<Services> = {};
    beforeAll(async () => {
      const [postgres, redis] = await Promise.all([
        wanted.postgres ? startPostgres() : undefined,
        wanted.redis ? startRedis() : undefined,
      ]);
      if (postgres) started.postgres = postgres;
      if (redis) started.redis = redis;
    }, 60_000);
    afterAll(async () => {
      started.postgres?.destroy();
      await started.redis?.destroy();
    });
    body(() => started as Services);
  });
}
