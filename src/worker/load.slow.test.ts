import { describeLoad } from './test-support/load-suite.js';

// VIGIL_SLOW=1: two minutes of sustained ingest; memory must stay bounded over the whole run.
describeLoad({ durationMs: 120_000, maxWorkerMiB: 600 });
