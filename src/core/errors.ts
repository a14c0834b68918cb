/**
 * Vigil's typed errors. Every failure carries a stable `code`, where it happened
 * (`location`) and whether trying again may help (`retryable`). Callers branch on
 * `code` or on the class, never on the message. The CLI and the API each map codes
 * to exit codes and HTTP statuses in exactly one place.
 */

/** Where in the input an error was found. All fields optional: fill what is known. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  objectId?: string;
}

export const errorCodes = [
  'usage',
  'input-unreadable',
  'input-invalid',
  'validation-failed',
  'not-found',
  'conflict',
  /** Another orchestrator holds the run's lease and is carrying it out: try again later. */
  'run-lease-held',
  /** This orchestrator's lease on a run lapsed or was taken over: its write was refused. */
  'run-lease-lost',
  /** The run's or step's status does not allow the move (the orchestrator's transition table). */
  'run-transition-invalid',
  /** The caller may not do this (an approval rule, a role): the same refusal for every entry point. */
  'forbidden',
  'configuration-missing',
  'external-service-failed',
  'unsupported',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

const marker = Symbol.for('vigil.error');

export interface VigilErrorOptions {
  location?: SourceLocation;
  retryable?: boolean;
  cause?: unknown;
}

/** Root of every error Vigil throws on purpose. */
export class VigilError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: VigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
    this.location = options.location;
    this.retryable = options.retryable ?? false;
  }

  static isInstance(value: unknown): value is VigilError {
    return typeof value === 'object' && value !== null && marker in value;
  }

  /** One human line: `file:line: message`. */
  describe(): string {
    return `${formatLocation(this.location)}${this.message}`;
  }
}

/** The command line or a request was malformed. */
export class UsageError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('usage', message, options);
    this.name = 'UsageError';
  }
}

/** An input (file, URL, stream) could not be read at all. */
export class InputUnreadableError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('input-unreadable', message, options);
    this.name = 'InputUnreadableError';
  }
}

/** An input was read but part of it is malformed (a line, an object, a rule). */
export class InputInvalidError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('input-invalid', message, options);
    this.name = 'InputInvalidError';
  }
}

/** A value failed its schema (reasoner output, configuration, API body). */
export class ValidationError extends VigilError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], options: VigilErrorOptions = {}) {
    super('validation-failed', message, options);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A referenced object does not exist. */
export class NotFoundError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('not-found', message, options);
    this.name = 'NotFoundError';
  }
}

/** A setting Vigil needs was not given (flag, environment variable, file). */
export class ConfigurationMissingError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('configuration-missing', message, options);
    this.name = 'ConfigurationMissingError';
  }
}

/** A remote service (HTTP feed, LLM, connector) failed. Retryable when transient. */
export class ExternalServiceError extends VigilError {
  readonly statusCode: number | undefined;
  constructor(message: string, options: VigilErrorOptions & { statusCode?: number } = {}) {
    super('external-service-failed', message, options);
    this.name = 'ExternalServiceError';
    this.statusCode = options.statusCode;
  }
}

/** A feature of the input is recognised but not supported. */
export class UnsupportedError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('unsupported', message, options);
    this.name = 'UnsupportedError';
  }
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.column !== undefined) parts.push(String(location.column));
  let text = parts.join(':');
  if (location.objectId) text += `${text ? ' ' : ''}[${location.objectId}]`;
  if (location.field) text += `${text ? ' ' : ''}(field ${location.field})`;
  return text ? `${text}: ` : '';
}

/** Turns anything thrown into a VigilError, keeping the original as `cause`. */
export function toVigilError(error: unknown): VigilError {
  if (VigilError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VigilError('internal', message, { cause: error });
}
