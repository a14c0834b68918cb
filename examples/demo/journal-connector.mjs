#!/usr/bin/env node
// Demo response connector. Vigil hands it each step as one JSON document on stdin; it records
// the request in examples/demo/response-journal.jsonl and changes nothing on any system.
// It honours the idempotency key Vigil gives every step: a request whose key and mode are
// already in the journal (a step re-run after a crash) is answered from the journal, not
// recorded twice. A real deployment replaces it with its firewall, EDR, identity or ticketing
// connectors, which must honour the key the same way.
// An argument names another journal file (tests).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const journal = process.argv[2] ?? new URL('./response-journal.jsonl', import.meta.url);

function alreadyRecorded(key, mode) {
  if (!key || !existsSync(journal)) return undefined;
  for (const line of readFileSync(journal, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.idempotencyKey === key && entry.mode === mode) return entry;
    } catch {
      // a line cut short by a crash: not a record
    }
  }
  return undefined;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const step = JSON.parse(input);
  const earlier = alreadyRecorded(step.idempotencyKey, step.mode);
  if (earlier) {
    process.stdout.write(JSON.stringify({ recorded: true, replayed: true, recordedAt: earlier.recordedAt }));
    return;
  }
  const entry = {
    recordedAt: new Date().toISOString(),
    mode: step.mode,
    action: step.action,
    target: step.target,
    runId: step.runId,
    idempotencyKey: step.idempotencyKey,
  };
  appendFileSync(journal, `${JSON.stringify(entry)}\n`);
  process.stdout.write(JSON.stringify({ recorded: true, note: 'demo connector: request recorded in response-journal.jsonl, no system changed' }));
});
