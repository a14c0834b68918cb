import { describeLoad } from './test-support/load-suite.js';

// A short run for every CI run (about 30 s with engine start-up); load.slow.test.ts runs two minutes.
describeLoad({ durationMs: 12_000, maxWorkerMiB: 600 });
