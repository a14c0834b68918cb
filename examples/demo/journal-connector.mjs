#!/usr/bin/env node
// Demo response connector. Vigil hands it each step as one JSON document on stdin; it records
// the request in examples/demo/response-journal.jsonl and changes nothing on any system.
// A real deployment replaces it with its firewall, EDR, identity or ticketing connectors.
import { appendFileSync } from 'node:fs';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const step = JSON.parse(input);
  const entry = { recordedAt: new Date().toISOString(), mode: step.mode, action: step.action, target: step.target, runId: step.runId };
  appendFileSync(new URL('./response-journal.jsonl', import.meta.url), `${JSON.stringify(entry)}\n`);
  process.stdout.write(JSON.stringify({ recorded: true, note: 'demo connector: request recorded in response-journal.jsonl, no system changed' }));
});
