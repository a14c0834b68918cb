import { describe, expect, it } from 'vitest';
import { collectAll } from '../../collect-all.js';

const path = new URL('../../__fixtures__/suricata/eve.json', import.meta.url).pathname;

describe('suricata-eve', () => {
  it('normalises alert, dns, http, tls, fileinfo and flow records', async () => {
    const { events, rejected } = await collectAll([path]);
    expect(rejected).toEqual([]);
    const [alert, dns, http, tls, fileinfo, flow] = events;
    expect(alert).toMatchObject({
      kind: 'alert',
      code: '2001219',
      rule: { name: 'ET SCAN Potential SSH Scan' },
      category: ['intrusion_detection'],
    });
    expect(alert?.fields['alert.signature']).toBe('ET SCAN Potential SSH Scan');
    expect(dns?.dns).toEqual({
      question: { name: 'evil-c2.example.com', type: 'A' },
      answers: ['203.0.113.7'],
      responseCode: 'NOERROR',
    });
    expect(http?.url?.full).toBe('http://198.51.100.9/payload.bin');
    expect(tls?.tls).toEqual({ serverName: 'evil-c2.example.com', ja3: 'e7d705a3286e19ea42f587b344ee6865' });
    expect(fileinfo?.file?.hashes?.sha256).toHaveLength(64);
    expect(flow?.network).toMatchObject({ bytes: 6600, packets: 22, protocol: 'tls', transport: 'tcp' });
    expect(alert?.timestamp).toBe('2024-03-02T10:00:00.000Z');
  });
});
