/** Status words of runs and steps, coloured the same everywhere. */
const good = new Set(['succeeded', 'compensated', 'rolled-back', 'approved', 'automatic']);
const bad = new Set([
  'failed',
  'interrupted',
  'compensation-failed',
  'rollback-failed',
  'rejected',
  'refused',
  'timed-out',
]);

export function statusClass(status: string): string {
  if (good.has(status)) return 'ok';
  if (bad.has(status)) return 'bad';
  if (status === 'running') return 'running';
  return 'waiting';
}

export function StatusWord({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`state ${statusClass(status)}`} data-testid={testId}>
      {status}
    </span>
  );
}
