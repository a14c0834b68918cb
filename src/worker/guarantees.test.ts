import { describeGuarantees } from './test-support/guarantee-suite.js';

// Small enough for every CI run (about a minute on 2 cores); guarantees.slow.test.ts is the large one.
describeGuarantees({ sites: 3, maxKills: 3, killEveryMs: 1_500, outageMs: 2_000 });
