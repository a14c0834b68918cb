/**
 * Child process of replayable-ingest-crash.test.ts: ingests a file into the SQLite store at
 * argv[2] as `vigil ingest` does (`replayable`, in transactions of argv[4] bytes of records, batches
 * of 50 events) and kills itself with SIGKILL, no clean-up of any kind, when the batch numbered
 * argv[5] is reported (it is then stored; later batches are read but not stored, or not read).
 */
import { ingestIntoStore } from '../../../pipeline/ingest/index.js';
import { openStore } from '../../index.js';

const [database, file, transactionBytes, dieAtBatch] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore(database);
let reported = 0;
await ingestIntoStore([file], store, {
  durability: 'replayable',
  transactionBytes: Number(transactionBytes),
  batchSize: 50,
  onEvents: () => {
    reported += 1;
    if (reported === Number(dieAtBatch)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished without dying\n');
