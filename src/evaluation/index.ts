/** @module evaluation: the scenario harness (`vigil eval`), its baselines, metrics and reports, and the scenario builder. */
export {
  logonSucceeded,
  networkConnection,
  processCreated,
  programHash,
  scheduledTaskRegistered,
} from './synthetic/windows-records.js';
export { beacons, type Connection, type DnsQuery, zeekConnLog, zeekDnsLog } from './synthetic/zeek-records.js';
