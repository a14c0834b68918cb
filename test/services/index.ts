/** @module test/services: real PostgreSQL and Redis servers for the scale-out and resilience suites. */

export { describeWithServices, type Services } from './describe-with-services.js';
export { freePort, waitFor } from './free-port.js';
export { type PostgresServer, postgresAvailable, startPostgres } from './postgres-server.js';
export { type RedisServer, redisAvailable, startRedis } from './redis-server.js';
export { spawnWorker, stopWorkers, type WorkerProcess, type WorkerProcessOptions } from './worker-process.js';
