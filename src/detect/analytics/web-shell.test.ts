import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { at, event } from './test-events.js';
import { createWebShellAnalytic } from './web-shell.js';

const start = '2025-03-03T06:00:00Z';
const minute = 60_000;
const request = (offset: number, client: string, method: string, path: string, status = 200): Event =>
  event({
    timestamp: at(start, offset),
    origin: { format: 'web-access' as never, dataset: 'access' },
    category: ['web', 'network'],
    host: { name: 'www1' },
    source: { ip: client },
    url: { path },
    http: { method, statusCode: status },
  });

function site(): Event[] {
  const pages = ['/index.php', '/products.php?id=3', '/contact.php', '/static/site.css', '/search.php?q=shoes'];
  return Array.from({ length: 240 }, (_, index) =>
    request(
      index * 30_000,
      `198.51.100.${index % 40}`,
      index % 17 === 0 ? 'POST' : 'GET',
      pages[index % pages.length]!,
    ),
  );
}

const run = (events: Event[]) => {
  const analytic = createWebShellAnalytic();
  return events
    .sort((left, right) => left.timestamp.localeCompare(right.timestamp))
    .flatMap((item) => analytic.process(item));
};

describe('web shell in web-server logs', () => {
  it('finds a new upload-folder script that one client sends commands to', () => {
    const alerts = run([
      ...site(),
      request(80 * minute, '203.0.113.66', 'POST', '/upload.php'),
      request(81 * minute, '203.0.113.66', 'GET', '/uploads/avatar.php?cmd=whoami'),
      request(82 * minute, '203.0.113.66', 'GET', '/uploads/avatar.php?cmd=cat%20/etc/passwd'),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.techniques).toEqual(['T1505.003', 'T1059']);
    expect(alerts[0]?.description).toContain('/uploads/avatar.php');
  });

  it('does not report a new page that visitors browse, nor a scanner probing missing scripts', () => {
    const newPage = Array.from({ length: 30 }, (_, index) =>
      request(70 * minute + index * 10_000, `198.51.100.${index}`, 'GET', '/summer-sale.php?item=4'),
    );
    const scanner = ['/shell.php?cmd=id', '/cmd.aspx?c=whoami', '/wp-admin/x.php'].map((path, index) =>
      request(75 * minute + index * 1_000, '192.0.2.9', 'GET', path, 404),
    );
    expect(run([...site(), ...newPage, ...scanner])).toEqual([]);
  });
});
