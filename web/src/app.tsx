import { useEffect, useMemo, useState } from 'react';
import { type ApiClient, ApiError, createApiClient } from './api-client';
import type { Session } from './api-types';
import { subscribeLive } from './live';
import { linkTo, useHashRoute } from './use-hash-route';
import { ApprovalQueue } from './views/approval-queue';
import { AttackHeatmap } from './views/attack-heatmap';
import { Dashboard } from './views/dashboard';
import { IncidentPage } from './views/incident-page';
import { IncidentQueue } from './views/incident-queue';
import { Indicators } from './views/indicators';
import { Playbooks } from './views/playbooks';
import { Policy } from './views/policy';
import { Rules } from './views/rules';
import { RunPage } from './views/run-page';
import { Runs } from './views/runs';
import { SignIn } from './views/sign-in';

const tokenKey = 'vigil.token';
const themeKey = 'vigil.theme';

export interface ViewProps {
  client: ApiClient;
  session: Session;
  /** Bumped on every live update, so views reload. */
  version: number;
}

export function App() {
  const [token, setToken] = useState<string | undefined>(() => sessionStorage.getItem(tokenKey) ?? undefined);
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [theme, setTheme] = useState<string>(() => localStorage.getItem(themeKey) ?? 'dark');
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [signInError, setSignInError] = useState<string | undefined>(undefined);
  const client = useMemo(() => (token ? createApiClient(token) : undefined), [token]);
  const route = useHashRoute();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(themeKey, theme);
  }, [theme]);

  useEffect(() => {
    if (!client) return;
    client
      .get<Session>('/api/v1/session')
      .then((value) => {
        setSession(value);
        setSignInError(undefined);
      })
      .catch((caught: unknown) => {
        sessionStorage.removeItem(tokenKey);
        setToken(undefined);
        setSignInError(
          caught instanceof ApiError && (caught.status === 401 || caught.status === 403)
            ? 'This token was not accepted: it is wrong, expired or revoked. Check it, or ask an admin for a new one (vigil tokens create).'
            : caught instanceof ApiError && caught.status === 429
              ? 'Too many sign-in attempts: wait a minute and try again.'
              : `The Vigil API could not be reached (${caught instanceof Error ? caught.message : String(caught)}).`,
        );
      });
  }, [client]);

  useEffect(() => {
    if (!token || !session) return;
    return subscribeLive(token, (message) => {
      setVersion((value) => value + 1);
      if (message.type === 'incident-created')
        setNotice(`New incident: ${String(message.data.title ?? message.subjectId)}`);
      if (message.type === 'approval-requested') setNotice('An action is waiting for approval');
      if (message.type === 'sla-breached')
        setNotice(
          `SLA breached: ${String(message.data.title ?? message.subjectId)} not ${message.data.timer === 'acknowledge' ? 'acknowledged' : message.data.timer === 'contain' ? 'contained' : 'closed'} in time`,
        );
      if (message.type === 'run-finished')
        setNotice(`Run ${message.subjectId} ${String(message.data.status ?? 'finished')}`);
    });
  }, [token, session]);

  const signIn = (value: string) => {
    sessionStorage.setItem(tokenKey, value);
    setToken(value);
  };
  const signOut = () => {
    sessionStorage.removeItem(tokenKey);
    setToken(undefined);
    setSession(undefined);
  };

  if (!client || !session) return <SignIn onSignIn={signIn} checking={Boolean(token)} error={signInError} />;
  const props: ViewProps = { client, session, version };
  const [section, id] = route;
  const page =
    section === 'incidents' && id ? (
      <IncidentPage {...props} incidentId={id} />
    ) : section === 'runs' && id ? (
      <RunPage {...props} runId={id} />
    ) : section === 'runs' ? (
      <Runs {...props} />
    ) : section === 'approvals' ? (
      <ApprovalQueue {...props} />
    ) : section === 'indicators' ? (
      <Indicators {...props} />
    ) : section === 'rules' ? (
      <Rules {...props} />
    ) : section === 'playbooks' ? (
      <Playbooks {...props} />
    ) : section === 'policy' ? (
      <Policy {...props} />
    ) : section === 'attack' ? (
      <AttackHeatmap {...props} />
    ) : section === 'dashboard' ? (
      <Dashboard {...props} />
    ) : (
      <IncidentQueue {...props} />
    );
  const active = (name: string) =>
    section === name || (!section && name === 'incidents') ? 'nav-link active' : 'nav-link';
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={linkTo()}>
          Vigil
        </a>
        <nav aria-label="Main">
          <a className={active('incidents')} href={linkTo('incidents')}>
            Incidents
          </a>
          <a className={active('approvals')} href={linkTo('approvals')}>
            Approvals
          </a>
          <a className={active('runs')} href={linkTo('runs')}>
            Runs
          </a>
          <a className={active('indicators')} href={linkTo('indicators')}>
            Indicators
          </a>
          <a className={active('rules')} href={linkTo('rules')}>
            Rules
          </a>
          <a className={active('playbooks')} href={linkTo('playbooks')}>
            Playbooks
          </a>
          <a className={active('policy')} href={linkTo('policy')}>
            Policy
          </a>
          <a className={active('attack')} href={linkTo('attack')}>
            ATT&amp;CK
          </a>
          <a className={active('dashboard')} href={linkTo('dashboard')}>
            Dashboard
          </a>
        </nav>
        <span className="spacer" />
        {notice ? (
          <button type="button" className="notice" onClick={() => setNotice(undefined)} title="Dismiss">
            {notice}
          </button>
        ) : null}
        <button type="button" className="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
        <span className="who" data-testid="who">
          {session.name} · {session.role}
        </span>
        <button type="button" className="ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{page}</main>
    </div>
  );
}
