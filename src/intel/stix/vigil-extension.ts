/**
 * Vigil's own STIX properties (an indicator's source, an incident's severity, an action's risk)
 * travel in a property extension declared by an `extension-definition` object, as STIX 2.1 §7.3
 * asks, instead of bare `x_vigil_*` custom properties (which `--strict` and `--interop` refuse).
 */
import type { StixObject } from './stix-object.js';

/** The identity that creates Vigil's extension definition (and the objects Vigil writes by default). */
export const vigilIdentity: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--1f0f3b44-6b7a-4b7e-9a53-8d5c0c6b9e21',
  // interop mode wants every producer identity to name its own producer
  created_by_ref: 'identity--1f0f3b44-6b7a-4b7e-9a53-8d5c0c6b9e21',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Vigil',
  identity_class: 'system',
} as StixObject;

export const vigilExtensionId = 'extension-definition--7d0c6a55-2f4e-4d8b-a3c1-5b1e9f6a2c07';

export const vigilExtensionDefinition: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: vigilExtensionId,
  created_by_ref: vigilIdentity.id,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Vigil incident-response properties',
  description:
    'Properties Vigil adds to the objects it shares: source (where an indicator came from), severity (of an incident), risk (of a planned action).',
  schema: 'https://github.com/vigil-ir/vigil/blob/main/docs/stix-extension.md',
  version: '1.0.0',
  extension_types: ['property-extension'],
} as StixObject;

/** `extensions` carrying Vigil's properties (empty values left out). */
export function vigilProperties(properties: Record<string, string | number | undefined>): {
  extensions?: Record<string, unknown>;
} {
  const present = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
  if (Object.keys(present).length === 0) return {};
  return { extensions: { [vigilExtensionId]: { extension_type: 'property-extension', ...present } } };
}
