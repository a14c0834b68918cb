import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { validateStixObject } from '../stix/stix-object.js';
import { stixToIndicators } from '../stix/stix-to-indicators.js';
import { importMispDocument } from './import-misp.js';
import { mispEventToStix, stixToMispEvent } from './misp-stix-conversion.js';

const fixture = fileURLToPath(new URL('../__fixtures__/small-misp-event.json', import.meta.url));

function attributeKeys(document: unknown): string[] {
  const event = (document as { Event: { Attribute?: unknown[]; Object?: { Attribute?: unknown[] }[] } }).Event;
  const all = [...(event.Attribute ?? []), ...(event.Object ?? []).flatMap((object) => object.Attribute ?? [])] as {
    uuid: string;
    type: string;
    value: string;
    to_ids: unknown;
  }[];
  return all
    .map(
      (attribute) =>
        `${attribute.uuid}|${attribute.type}|${attribute.value}|${[true, '1', 1].includes(attribute.to_ids as never)}`,
    )
    .sort();
}

function roundTrip(document: unknown) {
  const stix = mispEventToStix((document as { Event: unknown }).Event);
  const back = stixToMispEvent(stix);
  return { stix, back };
}

describe('MISP ⇄ STIX', () => {
  it('writes valid STIX 2.1 and reads back the same attributes, indicators and TLP', () => {
    const document = JSON.parse(readFileSync(fixture, 'utf8'));
    const { stix, back } = roundTrip(document);
    for (const object of stix) expect(validateStixObject(object).ok, object.id).toBe(true);
    expect(stix.filter((object) => object.type === 'indicator')).toHaveLength(4);
    expect(attributeKeys(back)).toEqual(attributeKeys(document));
    const before = importMispDocument(document, 'a').indicators;
    const after = importMispDocument(back, 'b').indicators;
    expect(
      after.map((indicator) => [indicator.id, indicator.type, indicator.value, indicator.tlp, indicator.techniques]),
    ).toEqual(
      before.map((indicator) => [indicator.id, indicator.type, indicator.value, indicator.tlp, indicator.techniques]),
    );
    const fromStix = stixToIndicators(stix, 'stix').indicators;
    expect(fromStix.map((indicator) => indicator.id).sort()).toEqual(before.map((indicator) => indicator.id).sort());
  });
});

describeWithShared('MISP ⇄ STIX on the feed events', () => {
  it('keeps every attribute and every to_ids indicator through MISP → STIX → MISP', () => {
    const directory = sharedPath('misp', 'feed-from-pymisp-tests');
    const manifest = JSON.parse(readFileSync(`${directory}/manifest.json`, 'utf8')) as Record<string, unknown>;
    for (const uuid of Object.keys(manifest)) {
      const document = JSON.parse(readFileSync(`${directory}/${uuid}.json`, 'utf8'));
      const { stix, back } = roundTrip(document);
      const invalid = stix.map((object) => validateStixObject(object)).filter((result) => !result.ok);
      expect(invalid, uuid).toEqual([]);
      expect(attributeKeys(back), uuid).toEqual(attributeKeys(document));
      const before = importMispDocument(document, 'feed').indicators.map(
        (indicator) => `${indicator.id}|${indicator.value}`,
      );
      const after = importMispDocument(back, 'feed').indicators.map(
        (indicator) => `${indicator.id}|${indicator.value}`,
      );
      expect(after.sort(), uuid).toEqual(before.sort());
    }
  });
});
