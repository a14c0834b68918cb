import { useState } from 'react';
import type { ApiClient } from '../api-client';

/** Opens the incident's case report (HTML or PDF) in a new tab: fetched with the session's token, shown as a blob. */
export function CaseReportLinks({ client, incidentId }: { client: ApiClient; incidentId: string }) {
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const open = async (format: 'html' | 'pdf') => {
    setBusy(format);
    setError(undefined);
    try {
      const blob = await client.blob(`/api/v1/incidents/${encodeURIComponent(incidentId)}/report?format=${format}`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `vigil-report-${incidentId}.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <span className="report-links" data-testid="case-report">
      Case report:{' '}
      <button type="button" className="ghost" disabled={busy !== undefined} onClick={() => void open('html')}>
        {busy === 'html' ? 'Preparing…' : 'HTML'}
      </button>{' '}
      <button type="button" className="ghost" disabled={busy !== undefined} onClick={() => void open('pdf')}>
        {busy === 'pdf' ? 'Rendering…' : 'PDF'}
      </button>
      {error ? <span className="error-text"> {error}</span> : null}
    </span>
  );
}
