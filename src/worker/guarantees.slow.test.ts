import { describeGuarantees } from './test-support/guarantee-suite.js';

// VIGIL_SLOW=1: 20 sites (about 4,600 events), up to 15 SIGKILLs, 5-second engine outages.
describeGuarantees({ sites: 20, maxKills: 15, killEveryMs: 2_000, outageMs: 5_000 });
