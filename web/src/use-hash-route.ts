import { useEffect, useState } from 'react';

/** The console's route is the URL hash (`#/incidents/ID`), so the server only serves one page. */
const read = (): string[] =>
  window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);

export function useHashRoute(): string[] {
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const update = () => setParts(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return parts;
}

export const linkTo = (...parts: string[]): string => `#/${parts.map(encodeURIComponent).join('/')}`;
