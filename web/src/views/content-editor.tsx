import { useState } from 'react';
import type { ContentError } from '../knowledge-types';

/** A YAML text area with a check button (and an optional save), showing each error inline with its line. */
export function ContentEditor({
  label,
  initialText,
  check,
  save,
  saveLabel,
  children,
}: {
  label: string;
  initialText: string;
  check: (text: string) => Promise<{ valid: boolean; errors: ContentError[] }>;
  save?: ((text: string) => Promise<{ valid: boolean; errors: ContentError[] } | undefined>) | undefined;
  saveLabel?: string;
  children?: React.ReactNode;
}) {
  const [text, setText] = useState(initialText);
  const [result, setResult] = useState<{ valid: boolean; errors: ContentError[] } | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const run = async (work: () => Promise<{ valid: boolean; errors: ContentError[] } | undefined>, done: string) => {
    try {
      const outcome = await work();
      setResult(outcome);
      setMessage(outcome === undefined || outcome.valid ? done : undefined);
    } catch (caught) {
      setResult(undefined);
      setMessage((caught as Error).message);
    }
  };
  return (
    <div className="content-editor">
      {children}
      <textarea
        className="content"
        aria-label={label}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="decide">
        <button type="button" onClick={() => run(() => check(text), 'Valid.')}>
          Check
        </button>
        {save ? (
          <button type="button" className="primary" onClick={() => run(() => save(text), 'Saved.')}>
            {saveLabel ?? 'Save'}
          </button>
        ) : null}
      </div>
      {result && !result.valid ? (
        <ul className="inline-errors" data-testid="content-errors">
          {result.errors.map((error) => (
            <li key={`${error.line ?? ''}:${error.field ?? ''}:${error.message}`}>
              {error.line !== undefined ? `line ${error.line}: ` : ''}
              {error.field ? `${error.field}: ` : ''}
              {error.message}
            </li>
          ))}
        </ul>
      ) : null}
      {message ? <p className={result && !result.valid ? 'error' : 'muted'}>{message}</p> : null}
    </div>
  );
}
