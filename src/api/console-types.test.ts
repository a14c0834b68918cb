/**
 * The console's types (web/src/api-types.ts, hand-written) checked against the API's own
 * `/openapi.json`, which the zod schemas generate: every field a console type declares must be
 * one the API's response schema has, and a field the console treats as always present must be
 * required there. A field renamed or made optional in the API fails here, not in a browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import { type ApiFixture, createFixture } from './test-support/api-fixture.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Console type → the response that carries it: operation path, then property steps (`[]` for array items). */
const carriedBy: Record<string, [string, ...string[]]> = {
  Session: ['/api/v1/session'],
  IncidentSummary: ['/api/v1/incidents', 'items', '[]'],
  IncidentDetail: ['/api/v1/incidents/{id}'],
  KillChainView: ['/api/v1/incidents/{id}', 'killChain'],
  AttackGraph: ['/api/v1/incidents/{id}', 'graph'],
  GraphLayout: ['/api/v1/incidents/{id}', 'graphLayout'],
  FoldedAlert: ['/api/v1/incidents/{id}', 'foldedAlerts', '[]'],
  TimelineEntry: ['/api/v1/incidents/{id}', 'timeline', '[]'],
  CaseFile: ['/api/v1/incidents/{id}/case'],
  ProposalView: ['/api/v1/incidents/{id}/proposals', 'items', '[]'],
  Alert: ['/api/v1/alerts', 'items', '[]'],
  Indicator: ['/api/v1/indicators', 'items', '[]'],
  RunView: ['/api/v1/runs/{id}'],
  RunStepView: ['/api/v1/runs/{id}', 'steps', '[]'],
  SlaStatus: ['/api/v1/incidents', 'items', '[]', 'sla'],
  GraphNode: ['/api/v1/incidents/{id}', 'graph', 'nodes', '[]'],
  GraphEdge: ['/api/v1/incidents/{id}', 'graph', 'edges', '[]'],
  IndicatorHit: ['/api/v1/incidents/{id}', 'indicatorHits', '[]'],
  FoldedIndicatorHit: ['/api/v1/incidents/{id}', 'foldedIndicatorHits', '[]'],
  KillChainColumn: ['/api/v1/incidents/{id}', 'killChain', 'columns', '[]'],
  ActionProposal: ['/api/v1/incidents/{id}/proposals', 'items', '[]', 'proposal'],
  PolicyDecision: ['/api/v1/incidents/{id}/proposals', 'items', '[]', 'policy'],
  Approval: ['/api/v1/incidents/{id}/proposals', 'items', '[]', 'approvals', '[]'],
  LedgerEntry: ['/api/v1/runs/{id}', 'ledger', '[]'],
};

/** Members of each interface in the console's types file, with those of the interfaces it extends. */
function consoleInterfaces(): Map<string, Map<string, { optional: boolean }>> {
  const file = join(repositoryRoot, 'web/src/api-types.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const declared = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) declared.set(node.name.text, node);
  });
  const members = (name: string): Map<string, { optional: boolean }> => {
    const found = new Map<string, { optional: boolean }>();
    const node = declared.get(name);
    if (!node) return found;
    for (const clause of node.heritageClauses ?? [])
      for (const base of clause.types)
        for (const [key, value] of members(base.expression.getText())) found.set(key, value);
    for (const member of node.members)
      if (ts.isPropertySignature(member) && member.name)
        found.set(member.name.getText().replace(/^['"]|['"]$/g, ''), { optional: member.questionToken !== undefined });
    return found;
  };
  return new Map([...declared.keys()].map((name) => [name, members(name)]));
}

/** The object branch of a schema (zod's nullable and optional fields are unions). */
function objectOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.properties) return schema;
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    const found = objectOf(branch);
    if (found) return found;
  }
  return undefined;
}

function arrayItems(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.items) return schema.items;
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = arrayItems(branch);
    if (found) return found;
  }
  return undefined;
}

let fixture: ApiFixture;
let paths: Record<
  string,
  { get?: { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> } }
>;
beforeAll(async () => {
  fixture = await createFixture();
  paths = (await fixture.app.inject({ url: '/openapi.json' })).json().paths;
});
afterAll(() => fixture.close());

function responseSchema(path: string, steps: string[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = paths[path]?.get?.responses['200']?.content?.['application/json']?.schema;
  for (const step of steps) schema = step === '[]' ? arrayItems(schema) : objectOf(schema)?.properties?.[step];
  return objectOf(schema);
}

describe('console types against /openapi.json', () => {
  const interfaces = consoleInterfaces();

  it.each(Object.entries(carriedBy))(
    '%s declares only fields the API sends, required where it relies on them',
    (name, [path, ...steps]) => {
      const declared = interfaces.get(name);
      expect(declared?.size, `${name} in web/src/api-types.ts`).toBeGreaterThan(0);
      const schema = responseSchema(path, steps);
      expect(schema, `${path} ${steps.join('.')}`).toBeDefined();
      expect(fieldProblems(declared ?? new Map(), schema ?? {})).toEqual([]);
    },
  );

  it('finds a planted field the API does not send and one the console wrongly relies on', () => {
    const schema = responseSchema('/api/v1/incidents', ['items', '[]']) ?? {};
    const optionalInApi = Object.keys(schema.properties ?? {}).find((field) => !schema.required?.includes(field));
    expect(optionalInApi).toBeDefined();
    const planted = new Map([
      ['id', { optional: false }],
      ['severityScore', { optional: true }],
      [optionalInApi as string, { optional: false }],
    ]);
    expect(fieldProblems(planted, schema)).toEqual([
      "severityScore: not in the API's schema",
      `${optionalInApi}: optional in the API, required in the console`,
    ]);
  });
});

function fieldProblems(declared: Map<string, { optional: boolean }>, schema: JsonSchema): string[] {
  const required = new Set(schema.required ?? []);
  const problems: string[] = [];
  for (const [field, { optional }] of declared) {
    if (!(field in (schema.properties ?? {}))) problems.push(`${field}: not in the API's schema`);
    else if (!optional && !required.has(field)) problems.push(`${field}: optional in the API, required in the console`);
  }
  return problems;
}
