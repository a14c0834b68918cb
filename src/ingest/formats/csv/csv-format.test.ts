import { describe, expect, it } from 'vitest';
import { collectAll } from '../../collect-all.js';
import { splitCsvRecord } from './csv-record.js';

const fixture = (name: string) => new URL(`../../__fixtures__/generic/${name}`, import.meta.url).pathname;

describe('csv and generic json with a field mapping', () => {
  it('splits RFC 4180 records', () => {
    expect(splitCsvRecord('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
    expect(splitCsvRecord('"open')).toBeUndefined();
  });

  it('maps CSV columns to normalised fields and rejects a short row', async () => {
    const path = fixture('app.csv');
    const { events, rejected } = await collectAll([path], { mappingFile: fixture('app-mapping.yaml') });
    expect(rejected).toEqual([{ file: path, line: 5, reason: 'expected 5 CSV fields, found 4' }]);
    expect(events.map((event) => event.user?.name)).toEqual(['alice', 'bob', 'carol, admin']);
    expect(events[1]).toMatchObject({
      outcome: 'failure',
      action: 'login',
      source: { ip: '198.51.100.23' },
      category: ['authentication'],
      origin: { dataset: 'example-app', format: 'csv' },
    });
    expect(events[2]?.fields.what).toBe('say "hi"');
    expect(events[0]?.timestamp).toBe('2024-03-02T10:00:00.000Z');
  });

  it('reads generic JSON lines with default names when no mapping is given', async () => {
    const { events } = await collectAll([fixture('app.jsonl')]);
    expect(events[0]).toMatchObject({
      origin: { format: 'json-lines' },
      source: { ip: '192.0.2.10' },
      user: { name: 'alice' },
      timestamp: '2024-03-02T10:00:00.000Z',
    });
    expect(events[0]?.fields['request.url']).toBe('http://example.org/login');
  });

  it('reports an invalid mapping file as a typed error', async () => {
    await expect(collectAll([fixture('app.csv')], { mappingFile: fixture('app.csv') })).rejects.toMatchObject({
      code: 'input-invalid',
    });
  });
});
