import { lazy, Suspense } from 'react';
import type { ViewProps } from '../app';

/** The dashboard's charts load only when the dashboard is opened. */
const DashboardCharts = lazy(() => import('./dashboard-charts'));

export function Dashboard(props: ViewProps) {
  return (
    <Suspense fallback={<p className="muted">Loading charts…</p>}>
      <DashboardCharts {...props} />
    </Suspense>
  );
}
