/** The shipped demo connector (examples/demo/journal-connector.mjs) honours idempotency keys. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import { createResponseScriptConnector } from './response-script.js';

describe('demo journal connector', () => {
  it('records a step once however often it is re-run with the same key (a re-run after a crash)', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'vigil-demo-')), 'journal.jsonl');
    const connector = createResponseScriptConnector({
      executable: join(repositoryRoot, 'examples', 'demo', 'journal-connector.mjs'),
      args: [journal],
      actions: ['isolate-host'],
      canUndo: true,
    });
    const step = {
      runId: 'run-1',
      incidentId: 'incident-1',
      ref: 'isolate-host-1',
      actionType: 'isolate-host' as const,
      target: { kind: 'host' as const, value: 'ws-07' },
      parameters: {},
      idempotencyKey: 'run-1/isolate-host-1/isolate-host:host:ws-07',
    };
    const signal = new AbortController().signal;
    const first = await connector.execute(step, signal);
    const again = await connector.execute(step, signal);
    await connector.execute({ ...step, idempotencyKey: 'run-2/isolate-host-1/isolate-host:host:ws-07' }, signal);
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.idempotencyKey)).toEqual([
      step.idempotencyKey,
      'run-2/isolate-host-1/isolate-host:host:ws-07',
    ]);
    expect(first).toMatchObject({ stdout: { recorded: true } });
    expect(again).toMatchObject({ stdout: { recorded: true, replayed: true } });
  });
});
