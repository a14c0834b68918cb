import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../__fixtures__/make-event.js';
import { impliedTactics } from './implied-tactics.js';
import { IndicatorIndex } from './indicator-index.js';
import { matchesToAlert } from './matches-to-alert.js';

const indicator = (fields: { name?: string; labels?: string[]; value?: string; tactics?: string[] }) =>
  ({ labels: [], ...fields }) as Parameters<typeof impliedTactics>[0];

describe('tactics an indicator implies without ATT&CK', () => {
  it('reads what the intelligence says the indicator is', () => {
    expect(impliedTactics(indicator({ name: 'Loader C2 domain' }))).toEqual(['command-and-control']);
    expect(impliedTactics(indicator({ labels: ['botnet_cc'] }))).toEqual(['command-and-control']);
    expect(impliedTactics(indicator({ labels: ['kill-chain:Command and Control'] }))).toEqual(['command-and-control']);
    expect(impliedTactics(indicator({ labels: ['kill-chain:"Delivery"'] }))).toEqual(['initial-access']);
    expect(impliedTactics(indicator({ labels: ['misp:category="Persistence mechanism"'] }))).toEqual(['persistence']);
    expect(impliedTactics(indicator({ labels: ['phishing'] }))).toEqual(['initial-access']);
    expect(impliedTactics(indicator({ name: 'x', tactics: ['exfiltration'] }))).toEqual(['exfiltration']);
  });

  it('implies nothing from look-alike words, or from the value a name repeats', () => {
    expect(impliedTactics(indicator({ name: 'Malicious address' }))).toEqual([]);
    expect(
      impliedTactics(indicator({ name: 'cnc-machines supplier', labels: ['misp:category="Network activity"'] })),
    ).toEqual([]);
    expect(impliedTactics(indicator({ name: 'domain: c2.example', value: 'c2.example' }))).toEqual([]);
    expect(impliedTactics(indicator({ labels: ['c2c-marketplace', 'accc'] }))).toEqual([]);
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.array(fc.string({ maxLength: 100 }), { maxLength: 5 }),
        (name, labels) => {
          expect(Array.isArray(impliedTactics(indicator({ name, labels })))).toBe(true);
        },
      ),
    );
  });

  it('puts an indicator alert without a catalogue in the tactic its intelligence names', () => {
    const index = new IndicatorIndex();
    index.add([
      {
        id: 'indicator--c2',
        type: 'domain-name',
        value: 'update-check.cdn-delivery.example',
        name: 'Loader C2 domain',
        confidence: 80,
        revoked: false,
        source: 'demo',
        tlp: 'clear',
        labels: ['malicious-activity'],
        techniques: [],
      },
    ]);
    const event = makeEvent({ id: 'dns-1', destination: { domain: 'update-check.cdn-delivery.example' } });
    expect(matchesToAlert(event, index.match(event)).tactics).toEqual(['command-and-control']);
  });
});
