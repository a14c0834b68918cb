import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, incidentId } from './test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.close());

const get = (url: string) => fixture.app.inject({ method: 'GET', url, headers: fixture.auth('viewer') });

describe('the ATT&CK heatmap over the API', () => {
  it('counts the incidents of a time range per technique, and exports them as a Navigator layer', async () => {
    const heatmap = (await get('/api/v1/attack/heatmap')).json();
    expect(heatmap.incidents).toBe(1);
    expect(heatmap.techniques).toMatchObject([{ id: 'T1059.001', incidents: 1, incidentIds: [incidentId] }]);
    expect(heatmap.columns).toEqual([{ tactic: 'execution', techniques: ['T1059.001'] }]);
    const layer = await get('/api/v1/attack/layer?from=2024-01-01T00:00:00Z');
    expect(layer.statusCode).toBe(200);
    expect(layer.headers['content-disposition']).toContain('vigil-attack-layer.json');
    const body = layer.json();
    expect(body.versions.layer).toBe('4.5');
    expect(body.techniques.find((item: { techniqueID: string }) => item.techniqueID === 'T1059.001').score).toBe(1);
    const empty = (await get('/api/v1/attack/heatmap?to=2000-01-01T00:00:00Z')).json();
    expect(empty).toMatchObject({ incidents: 0, techniques: [] });
    expect((await get('/api/v1/attack/layer?from=yesterday')).statusCode).toBe(400);
  });
});
