/**
 * The user's asset inventory (YAML or JSON): each host's criticality and role, and the identities
 * whose work is expected there: administrators and service accounts, the hosts they administer,
 * where they work from and when their change windows are.
 */
import { z } from 'zod';
import { riskSchema } from './action-proposal.js';

export const assetSchema = z
  .object({
    host: z.string().min(1),
    /** How much the organisation loses if the host is hit: impact scoring and policy protections. */
    criticality: riskSchema,
    /** What the host is, e.g. `domain controller`; response policies protect by role. */
    role: z.string().optional(),
  })
  .loose();

const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (UTC)');

/** When an identity's changes are expected: days of the week and a time of day range, in UTC. */
export const changeWindowSchema = z
  .object({
    /** Days of the week (`mon` … `sun`); every day when absent. */
    days: z.array(z.enum(dayNames)).min(1).optional(),
    from: clockTime,
    /** End of the window; a window that ends before it starts runs past midnight. */
    to: clockTime,
  })
  .strict();

/**
 * An account whose work on its hosts is expected: its administration of them (remote sessions,
 * accounts, scheduled jobs, services, installs, sudo, discovery) is kept as context with the
 * reason, never as an incident on its own. Never what an administrator does not do: password
 * guessing, credential theft, threat-intelligence matches, patterns over many events.
 */
export const identitySchema = z
  .object({
    /** The account: `CORP\adm.keller`, `adm.keller` (any domain) or `m.keller`; case does not matter. */
    account: z.string().min(1).max(200),
    /** `admin`: administers its hosts; `service`: runs scheduled jobs and services there. */
    role: z.enum(['admin', 'service']),
    /** Hosts it administers (names as the logs give them; the short name is compared). */
    hosts: z.array(z.string().min(1)).default([]),
    /** Or every host of these asset roles (`roles: [database server]`). */
    assetRoles: z.array(z.string().min(1)).default([]),
    /** Addresses or networks (CIDR) it works from; from anywhere when absent. */
    sources: z.array(z.string().min(1)).optional(),
    /** When its changes are expected; at any time when absent. */
    changeWindows: z.array(changeWindowSchema).min(1).optional(),
    /**
     * ATT&CK techniques it routinely performs beyond its role's administration (`T1562.004` for
     * the admin who maintains the firewall rules); a technique names its sub-techniques too.
     * Under the same conditions (its hosts, sources, change windows) they are kept as context.
     */
    techniques: z
      .array(z.string().regex(/^T\d{4}(\.\d{3})?$/i, 'an ATT&CK technique id, as T1234 or T1234.001'))
      .min(1)
      .optional(),
  })
  .strict();

export const assetInventorySchema = z.object({
  assets: z.array(assetSchema).default([]),
  identities: z.array(identitySchema).default([]),
});

export type Asset = z.infer<typeof assetSchema>;
export type Identity = z.infer<typeof identitySchema>;
export type AssetInventory = z.infer<typeof assetInventorySchema>;
