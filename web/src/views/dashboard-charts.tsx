import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { IncidentSummary, ProposalView } from '../api-types';
import type { ViewProps } from '../app';
import { useApi } from '../use-api';
import { killChain, title } from './format';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const theme = document.documentElement.dataset.theme === 'light' ? undefined : 'dark';
    const chart = echarts.init(element.current, theme, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', animation: false, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} className="chart" role="img" aria-label={label} />;
}

export default function DashboardCharts({ client, version }: ViewProps) {
  const incidents =
    useApi<{ items: IncidentSummary[] }>(client, '/api/v1/incidents?limit=1000', version).data?.items ?? [];
  const pending =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=pending', version).data?.items ?? [];
  const approved =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=approved', version).data?.items ?? [];
  const rejected =
    useApi<{ items: ProposalView[] }>(client, '/api/v1/approvals?status=rejected', version).data?.items ?? [];
  const open = incidents.filter((incident) => !['resolved', 'closed'].includes(incident.status));
  const stages = killChain.map((tactic) => open.filter((incident) => incident.currentStage === tactic).length);
  const severities = ['critical', 'high', 'medium', 'low', 'informational']
    .map((severity) => ({
      name: severity,
      value: incidents.filter((incident) => incident.severity === severity).length,
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
          <b>{rejected.length}</b> rejected (false-action signal)
        </div>
      </div>
      <div className="columns">
        <div className="panel">
          <h2>Open incidents by current stage</h2>
          <Chart
            label="Open incidents by stage"
            option={{
              tooltip: {},
              grid: { left: 150, right: 20, top: 10, bottom: 20 },
              xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: killChain.map(title), inverse: true },
              series: [{ type: 'bar', data: stages, itemStyle: { color: '#4c8dff' } }],
            }}
          />
        </div>
        <div className="panel">
          <h2>Incidents by severity</h2>
          <Chart
            label="Incidents by severity"
            option={{ tooltip: {}, series: [{ type: 'pie', radius: ['40%', '70%'], data: severities }] }}
          />
        </div>
      </div>
      <p className="muted">
        Ingest rates, automation rate and mean time to respond need the evaluation metrics; live counters are on the
        Prometheus endpoint <code>/metrics</code> (bearer token).
      </p>
    </section>
  );
}
