/**
 * `npm run bench calibration`: the evidence model's held-out calibration report (per source:
 * top-1 parent accuracy, expected calibration error, and predicted-against-observed bins), as
 * bench/evidence-calibration.ts prints it.
 */
import './evidence-calibration.js';
