/**
 * Roles → permissions, as data. Every route declares the one permission it needs; a
 * route under `/api` that declares none is refused (closed by default).
 */
import type { ApiRole } from '../../store/index.js';

export const permissions = [
  /** Read incidents, events, alerts, indicators, proposals, runs, metrics. */
  'read',
  /** Read the audit chain and ingestion rejections. */
  'read-audit',
  /** Approve or reject proposed actions; add indicators. */
  'decide',
  /** Start, retry or roll back response runs; execute high-risk actions. */
  'execute',
  /** Manage tokens and policy. */
  'administer',
] as const;
export type Permission = (typeof permissions)[number];

export const permissionsByRole: Record<ApiRole, readonly Permission[]> = {
  viewer: ['read'],
  analyst: ['read', 'read-audit', 'decide'],
  responder: ['read', 'read-audit', 'decide', 'execute'],
  admin: ['read', 'read-audit', 'decide', 'execute', 'administer'],
};

export function roleMay(role: ApiRole, permission: Permission): boolean {
  return permissionsByRole[role].includes(permission);
}

/** What a route declares in its `config`: a permission, or `public` for health and the console shell. */
export type RouteAccess = Permission | 'public';
