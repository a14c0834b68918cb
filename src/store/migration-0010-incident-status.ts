/**
 * Migration 0010: incidents get an index on their status, so counting them by status (the API's
 * `vigil_incidents` gauge, at every scrape) reads the index instead of every incident's body.
 * Runs already have theirs (`runs_status`, migration 0002), which `RunStore.countRuns` uses.
 */
import type { Kysely, Migration } from 'kysely';

export const incidentStatusMigration: Migration = {
  async up(database: Kysely<unknown>) {
    await database.schema.createIndex('incidents_status').on('incidents').column('status').execute();
  },
  async down(database: Kysely<unknown>) {
    await database.schema.dropIndex('incidents_status').execute();
  },
};
