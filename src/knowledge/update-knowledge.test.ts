import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/make-zip.js';
import { ExternalServiceError } from '../core/index.js';
import type { KnowledgeSource } from './knowledge-sources.js';
import { updateKnowledge } from './update-knowledge.js';

describe('updateKnowledge against a loopback publisher', () => {
  let server: Server;
  let base: string;
  const folder = mkdtempSync(join(tmpdir(), 'vigil-kb-'));
  const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [] });
  const zip = makeZip({ 'rules/windows/test.yml': 'title: Test\n', 'rules/linux/other.yml': 'title: Other\n' });
  const evil = makeZip({ '../escape.yml': 'title: Escape\n' });

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/attack.json') response.end(bundle);
      else if (request.url === '/sigma.zip') response.end(zip);
      else if (request.url === '/evil.zip') response.end(evil);
      else if (request.url === '/busy') {
        response.statusCode = 503;
        response.end('busy');
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });

  const source = (name: KnowledgeSource['name'], path: string, file: string): KnowledgeSource => ({
    name,
    description: name,
    url: `${base}${path}`,
    file,
  });

  it('downloads files and unpacks the rule archive', async () => {
    const updated = await updateKnowledge({
      folder,
      sources: [source('attack', '/attack.json', 'attack.json'), source('sigma', '/sigma.zip', 'sigma.zip')],
    });
    expect(updated.map((item) => [item.name, item.bytes, item.files])).toEqual([
      ['attack', bundle.length, undefined],
      ['sigma', zip.length, 2],
    ]);
    expect(readFileSync(join(folder, 'attack.json'), 'utf8')).toBe(bundle);
    expect(readFileSync(join(folder, 'sigma', 'rules', 'windows', 'test.yml'), 'utf8')).toBe('title: Test\n');
  });

  it('refuses an archive entry that escapes the folder', async () => {
    await expect(updateKnowledge({ folder, sources: [source('sigma', '/evil.zip', 'evil.zip')] })).rejects.toThrow(
      /unsafe or damaged zip archive: invalid relative path/,
    );
  });

  it('reports a server error as retryable when it is transient', async () => {
    const error = await updateKnowledge({ folder, sources: [source('kev', '/busy', 'kev.json')] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as ExternalServiceError).retryable).toBe(true);
    expect((error as ExternalServiceError).statusCode).toBe(503);
  });

  it('says clearly when the publisher cannot be reached', async () => {
    const closed = {
      name: 'kev' as const,
      description: 'CISA KEV',
      url: 'http://127.0.0.1:9/kev.json',
      file: 'kev.json',
    };
    await expect(updateKnowledge({ folder, sources: [closed], timeoutMs: 2000 })).rejects.toThrow(
      /cannot download CISA KEV from 127\.0\.0\.1:9 .*by hand/,
    );
  });
});
