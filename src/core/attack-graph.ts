/**
 * The attack graph of one incident: entities and events as nodes, and what the events say
 * happened between entities as edges (process parentage, logons, network flows, file writes
 * and executions, registry changes), each edge with its first and last timestamps and the
 * events that support it. Repeated relations are aggregated, so the graph stays small.
 */
import { z } from 'zod';
import { tacticSchema } from './attack.js';

export const graphNodeKindSchema = z.enum([
  'host',
  'user',
  'process',
  'file',
  'ip',
  'domain',
  'registry',
  'event',
  'other',
]);
export type GraphNodeKind = z.infer<typeof graphNodeKindSchema>;

export const graphRelationSchema = z.enum([
  'spawned',
  'executed',
  'ran-on',
  'ran-as',
  'logged-on',
  'logon-from',
  /** Host to host: an account logged on to the target from the origin (detail: account and method). */
  'remote-logon',
  /** Host to host: the origin ran something on the target (service install, scheduled task, WMI, WinRM). */
  'remote-execution',
  'connected-to',
  'resolved',
  'wrote',
  'deleted',
  'set-registry',
  'describes',
  'other',
]);
export type GraphRelation = z.infer<typeof graphRelationSchema>;

export const graphNodeSchema = z.object({
  /** `kind:value` (lower-case value), e.g. `host:ws01`, `process:ws01/{guid}`, `event:<id>`. */
  id: z.string().min(1),
  kind: graphNodeKindSchema,
  label: z.string(),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  /** The host a process, file or registry key belongs to (its anchor), as a node id. */
  host: z.string().optional(),
  /** Facts about the entity that are not entities of their own: sha256, pid, command line, image. */
  properties: z.record(z.string(), z.string()).optional(),
  /** A sample of the events that show the entity (click a node to see them). */
  eventIds: z.array(z.string()).optional(),
  /** Earliest kill-chain tactic among the alerts whose events show the entity: it is on the attack path. */
  stage: tacticSchema.optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  relation: graphRelationSchema,
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  /** How many events showed this relation. */
  count: z.number().int().min(1),
  /** A sample of the events that show it (at most a few). */
  eventIds: z.array(z.string()).min(1),
  detail: z.string().optional(),
  /** For logons and remote execution: the account used. */
  account: z.string().optional(),
  /** Earliest kill-chain tactic among the alerts whose events show the relation: it is on the attack path. */
  stage: tacticSchema.optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const attackGraphSchema = z
  .object({
    schemaVersion: z.literal('vigil.attack-graph/1'),
    incidentId: z.string(),
    nodes: z.array(graphNodeSchema),
    edges: z.array(graphEdgeSchema),
    /** Events the graph was built from, and whether node or edge caps cut anything off. */
    eventsSeen: z.number().int().min(0),
    truncated: z.boolean(),
    /** The attack path: node ids of the entities the alerts show, in kill-chain order (then time). */
    path: z.array(z.string()).optional(),
  })
  .meta({ description: 'Entities and events of an incident and the relations between them, with timestamps' });
export type AttackGraph = z.infer<typeof attackGraphSchema>;
