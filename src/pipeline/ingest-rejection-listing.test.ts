/** The rejection list of an ingest is capped, but a given input refused whole or cut short is always listed. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTar } from '../../test/make-tar.js';
import { openStore, type Store } from '../store/index.js';
import { ingestIntoStore } from './ingest-into-store.js';

describe('ingest rejection listing', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('lists the quota line of an input past the cap of listed rejections', async () => {
    store = await openStore(':memory:');
    const archive = join(mkdtempSync(join(tmpdir(), 'vigil-listing-')), 'links.tar');
    writeFileSync(
      archive,
      makeTar(
        Array.from({ length: 40 }, (_, index) => ({ name: `l${index}.log`, type: '2', linkName: '/etc/passwd' })),
      ),
    );
    const summary = await ingestIntoStore([archive], store, { limits: { maxMembers: 20 }, maxListedRejections: 10 });
    expect(summary.rejectedCount).toBe(21);
    expect(summary.rejected).toHaveLength(11);
    expect(summary.rejected.at(-1)).toEqual({
      file: archive,
      reason: 'input more than 20 archive members (limit maxMembers, --max-members); the rest of it is not read',
    });
    expect(await store.listRejections({ limit: 100 })).toHaveLength(21);
  });
});
