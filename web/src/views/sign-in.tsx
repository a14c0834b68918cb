import { type FormEvent, useState } from 'react';

export function SignIn({
  onSignIn,
  checking,
  error,
}: {
  onSignIn: (token: string) => void;
  checking: boolean;
  error?: string | undefined;
}) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSignIn(value.trim());
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card">
        <h1>Vigil</h1>
        <p>
          Sign in with an API token. An admin creates one with{' '}
          <code>vigil tokens create --role analyst --name YOU</code>.
        </p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          placeholder="vgl_…"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        {error ? (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={!value.trim()}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
