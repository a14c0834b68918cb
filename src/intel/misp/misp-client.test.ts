import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMispDocument } from './import-misp.js';
import { MispClient } from './misp-client.js';

/** A loopback stand-in for MISP that answers with the documented response shapes and records requests. */
describe('MispClient against a loopback server', () => {
  const requests: { path: string; authorization?: string; body: Record<string, unknown> }[] = [];
  let server: Server;
  let client: MispClient;

  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  };

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = await readBody(request);
      requests.push({
        path: request.url ?? '',
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        body,
      });
      response.setHeader('Content-Type', 'application/json');
      if (request.headers.authorization !== 'test-key') {
        response
          .writeHead(403)
          .end(JSON.stringify({ name: 'Authentication failed.', message: 'Authentication failed.', url: request.url }));
        return;
      }
      switch (request.url) {
        case '/events/restSearch':
          response.end(
            JSON.stringify({
              response: [
                {
                  Event: {
                    uuid: '5f1e0c2a-1111-4a4a-9b9b-000000000000',
                    info: 'found',
                    threat_level_id: '2',
                    Attribute: [
                      {
                        uuid: '5f1e0c2a-2222-4a4a-9b9b-000000000001',
                        type: 'ip-dst',
                        value: '198.51.100.4',
                        to_ids: true,
                      },
                    ],
                  },
                },
              ],
            }),
          );
          return;
        case '/attributes/restSearch':
          response.end(
            JSON.stringify({
              response: {
                Attribute: [
                  {
                    id: '12',
                    uuid: '5f1e0c2a-2222-4a4a-9b9b-000000000001',
                    type: 'ip-dst',
                    category: 'Network activity',
                    value: '198.51.100.4',
                    to_ids: true,
                    event_id: '3',
                  },
                ],
              },
            }),
          );
          return;
        case '/sightings/add':
          response.end(
            JSON.stringify({ Sighting: { id: '7', attribute_id: '12', type: body.type ?? '0', source: body.source } }),
          );
          return;
        case '/events/add':
          response.end(JSON.stringify({ Event: { id: '42', ...(body.Event as object) } }));
          return;
        case '/events/edit/42':
          response.end(JSON.stringify({ Event: { id: '42', ...(body.Event as object) } }));
          return;
        default:
          response.writeHead(404).end(JSON.stringify({ name: 'Not Found', message: 'Not Found', url: request.url }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new MispClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: 'test-key',
    });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('searches events and attributes with the key in Authorization and returnFormat json', async () => {
    const events = await client.searchEvents({ tags: ['tlp:green'], to_ids: true, last: '7d' });
    expect(importMispDocument(events, 'misp').indicators.map((indicator) => indicator.value)).toEqual(['198.51.100.4']);
    expect(requests.at(-1)).toMatchObject({
      path: '/events/restSearch',
      authorization: 'test-key',
      body: { returnFormat: 'json', tags: ['tlp:green'], to_ids: true, last: '7d' },
    });
    const attributes = await client.searchAttributes({ value: '198.51.100.4' });
    expect(attributes[0]).toMatchObject({ type: 'ip-dst', to_ids: true });
  });

  it('adds sightings and events and edits events', async () => {
    expect(await client.addSighting({ value: '198.51.100.4', source: 'vigil', type: 0 })).toMatchObject({
      Sighting: { type: '0', source: 'vigil' },
    });
    const created = await client.addEvent({
      info: 'Vigil incident 7',
      threat_level_id: '2',
      Attribute: [{ type: 'ip-dst', value: '203.0.113.9', to_ids: true }],
    });
    expect(created.Event).toMatchObject({ id: '42', info: 'Vigil incident 7' });
    expect((await client.editEvent('42', { info: 'Vigil incident 7 (closed)' })).Event.info).toBe(
      'Vigil incident 7 (closed)',
    );
    expect(requests.at(-1)?.path).toBe('/events/edit/42');
  });

  it('turns MISP error answers into ExternalServiceError with the status', async () => {
    const wrongKey = new MispClient({
      baseUrl: client ? `http://127.0.0.1:${(server.address() as AddressInfo).port}/` : '',
      apiKey: 'bad',
    });
    await expect(wrongKey.searchEvents()).rejects.toMatchObject({ code: 'external-service-failed', statusCode: 403 });
    await expect(client.editEvent('999', {})).rejects.toThrow(/404/);
  });
});
