/**
 * Console users as a load generator, in a process of its own so that its work does not run on
 * the server's event loop: autocannon with `connections` concurrent clients cycling through
 * `paths` with a bearer token, for `seconds`. Prints one JSON line: exact percentiles computed
 * from every response time (autocannon's summary has no p95), status counts and throughput.
 *
 * Usage: node --import tsx latency-probe.ts URL TOKEN SECONDS CONNECTIONS PATH...
 */
import autocannon from 'autocannon';

export interface LatencyReport {
  requests: number;
  perSecond: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

const [url, token, seconds, connections, ...paths] = process.argv.slice(2);
if (url && token && seconds && connections && paths.length > 0) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url,
    connections: Number(connections),
    duration: Number(seconds),
    timeout: 10,
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  instance.on('response', (_client, statusCode, _bytes, milliseconds) => {
    latencies.push(milliseconds);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  instance.on('done', (result) => {
    latencies.sort((left, right) => left - right);
    const report: LatencyReport = {
      requests: latencies.length,
      perSecond: Math.round(latencies.length / Math.max(1, result.duration)),
      errors: result.errors,
      timeouts: result.timeouts,
      statuses,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? 0,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  });
}
