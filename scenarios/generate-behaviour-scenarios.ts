/**
 * Writes scenarios 10–19 (Linux, network and domain-controller attacks and two benign look-alike
 * days) from a seed: `node --import tsx scenarios/generate-behaviour-scenarios.ts [seed]`
 * (default seed 15). The same seed writes the same files.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { behaviourScenarios } from '../src/evaluation/build/behaviour-scenarios.js';
import { writeScenario } from '../src/evaluation/build/write-scenario.js';

const seed = Number(process.argv[2] ?? 15);
const root = dirname(fileURLToPath(import.meta.url));
for (const { folder, files } of behaviourScenarios(seed)) console.log(writeScenario(root, folder, files));
