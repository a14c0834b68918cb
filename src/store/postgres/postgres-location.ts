/**
 * Telling a PostgreSQL location from a SQLite one, and naming it without its password. Kept apart
 * from the PostgreSQL stores so that a command on SQLite never loads the PostgreSQL client (pg and
 * pg-boss: about 60 ms of start-up).
 */

/** Whether `location` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** Location without its password, for messages and logs. */
export function redactLocation(location: string): string {
  return location.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
