import { useEffect, useState } from 'react';
import type { IncidentSummary, ProposalView, RunView } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import {
  decisionCounts,
  falseActionRate,
  type IngestSample,
  ingestRate,
  meanTimeToRespond,
  metricValue,
} from './dashboard-figures';
import { killChain, title } from './format';
import { BarChart, DonutChart } from './svg-charts';

const percent = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value * 100)}%`);
const perMinute = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(1)}/min`);

/** Samples `/metrics` every 10 s while the dashboard is open (the ingest rate is their slope). */
function useIngestSamples(client: ViewProps['client']): IngestSample[] {
  const [samples, setSamples] = useState<IngestSample[]>([]);
  useEffect(() => {
    let stopped = false;
    const sample = async () => {
      try {
        const text = await client.text('/metrics');
        if (stopped) return;
        const next = {
          at: Date.now(),
          stored: metricValue(text, 'vigil_events_stored') ?? 0,
          received: metricValue(text, 'vigil_events_received_total') ?? 0,
        };
        setSamples((previous) => [...previous.slice(-29), next]);
      } catch {
        // a scrape that fails leaves a gap; the next one retries
      }
    };
    void sample();
    const timer = setInterval(sample, 10_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client]);
  return samples;
}

/** A colour per severity, most severe the warmest. */
const severityColours: Record<string, string> = {
  critical: '#d32f2f',
  high: '#f57c00',
  medium: '#d9a400',
  low: '#4c8dff',
  informational: '#8b98a8',
};

export default function DashboardCharts({ client, version }: ViewProps) {
  const incidents =
    useApi<{ items: IncidentSummary[] }>(client, '/api/v1/incidents?limit=1000', version).data?.items ?? [];
  const pending =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=pending', version).data?.items ?? [];
  const approved =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=approved', version).data?.items ?? [];
  const rejected =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=rejected', version).data?.items ?? [];
  const automatic =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=automatic', version).data?.items ?? [];
  const refused =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=refused', version).data?.items ?? [];
  const timedOut =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=timed-out', version).data?.items ?? [];
  const withdrawn =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=withdrawn', version).data?.items ?? [];
  const runs = useApi<{ items: RunView[] }>(client, '/api/v1/runs?limit=1000', version).data?.items ?? [];
  const samples = useIngestSamples(client);
  const rate = ingestRate(samples);
  const decisions = decisionCounts({
    automatic,
    approved,
    rejected,
    pending,
    refused,
    'timed-out': timedOut,
    withdrawn,
  });
  const respond = meanTimeToRespond(runs);
  const latest = samples.at(-1);
  const open = incidents.filter((incident) => !['resolved', 'closed'].includes(incident.status));
  const stages = killChain.map((tactic) => open.filter((incident) => incident.currentStage === tactic).length);
  const severities = ['critical', 'high', 'medium', 'low', 'informational']
    .map((severity) => ({
      name: severity,
      value: incidents.filter((incident) => incident.severity === severity).length,
      colour: severityColours[severity] ?? '#888',
    }))
    .filter((slice) => slice.value > 0);
  return (
    <section>
      <h1>Dashboard</h1>
      <div className="tiles">
        <div className="tile">
          <b>{open.length}</b> open incidents
        </div>
        <div className="tile">
          <b>{pending.length}</b> actions waiting
        </div>
        <div className="tile">
          <b>{approved.length}</b> approved
        </div>
        <div className="tile">
          <b>{percent(falseActionRate(approved, rejected))}</b> false-action rate ({rejected.length} rejected)
        </div>
      </div>
      <div className="tiles" data-testid="figures">
        <div className="tile" data-testid="automation-rate">
          <b>{percent(decisions.automationRate)}</b> automation rate ({decisions.automatic} automatic of{' '}
          {decisions.proposed} proposed; {decisions.pending} pending)
        </div>
        <div className="tile" title="from a run's start to its successful end">
          <b>{respond.minutes === undefined ? '—' : `${respond.minutes.toFixed(1)} min`}</b> mean time to respond (
          {respond.runs} runs)
        </div>
        <div className="tile" title="slope of vigil_events_stored over this page's samples of /metrics">
          <b>{perMinute(rate.stored)}</b> events stored ({latest?.stored ?? '…'} in all)
        </div>
        <div className="tile" title="vigil_events_received_total: events received over HEC">
          <b>{perMinute(rate.received)}</b> events received live ({latest?.received ?? '…'} in all)
        </div>
      </div>
      <div className="columns">
        <div className="panel">
          <h2>Open incidents by current stage</h2>
          <BarChart label="Open incidents by stage" categories={killChain.map(title)} values={stages} />
        </div>
        <div className="panel">
          <h2>Incidents by severity</h2>
          <DonutChart label="Incidents by severity" slices={severities} />
        </div>
      </div>
      <dl className="definitions" data-testid="rate-definitions">
        <dt>Automation rate</dt>
        <dd>
          actions the policy ran without an analyst, divided by all proposed actions ({decisions.automatic} automatic,{' '}
          {decisions.approved} approved, {decisions.rejected} rejected, {decisions.pending} pending, {decisions.refused}{' '}
          refused by the policy, {decisions.lapsed} timed out or withdrawn). Pending actions count as proposed, not as
          automatic.
        </dd>
        <dt>False-action rate</dt>
        <dd>actions analysts rejected, divided by actions analysts decided (approved + rejected).</dd>
        <dt>Mean time to respond</dt>
        <dd>from a run's start (the plan was ready) to its successful end, over runs that succeeded.</dd>
      </dl>
      <p className="muted">
        Rates come from this page's samples of <code>/metrics</code> every 10 s; knowledge reuse over time is in{' '}
        <code>vigil eval</code>.
      </p>
    </section>
  );
}
