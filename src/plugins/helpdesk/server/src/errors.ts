import { errors } from '@strapi/utils';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './database/unavailable';

export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'validation_error'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation_error: 400,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** One field that failed validation: where, which rule, and a sentence a person can act on. */
export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export interface ErrorDetails {
  fields?: FieldIssue[];
  retry_after_seconds?: number;
  [key: string]: unknown;
}

/** The one error shape of the help desk (DESIGN §5). Messages are always safe to show to the caller. */
export class HelpdeskError extends errors.ApplicationError<string, string, ErrorDetails> {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message, details);
    this.name = 'HelpdeskError';
    this.code = code;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; details?: ErrorDetails } {
    return this.details && Object.keys(this.details).length > 0
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export const notFound = (what: 'ticket' | string): HelpdeskError =>
  new HelpdeskError('not_found', `No ${what} with that id exists, or you do not have access to it.`);

export const forbidden = (message: string): HelpdeskError => new HelpdeskError('forbidden', message);

export const invalid = (fields: FieldIssue[]): HelpdeskError =>
  new HelpdeskError(
    'validation_error',
    fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'The request is not valid.',
    { fields },
  );

export const conflict = (message: string): HelpdeskError => new HelpdeskError('conflict', message);

export const unauthenticated = (message: string): HelpdeskError => new HelpdeskError('unauthenticated', message);

export const rateLimited = (retryAfterSeconds: number): HelpdeskError =>
  new HelpdeskError('rate_limited', `Too many requests; retry after ${retryAfterSeconds} seconds.`, {
    retry_after_seconds: retryAfterSeconds,
  });

/** The database cannot be reached or did not answer in time: come back shortly (503 with Retry-After). */
export const unavailable = (retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_SECONDS): HelpdeskError =>
  new HelpdeskError('unavailable', `The help desk's database cannot be reached right now; retry after ${retryAfterSeconds} seconds.`, {
    retry_after_seconds: retryAfterSeconds,
  });

/**
 * Any error as the one shape: a HelpdeskError as it is, a database that cannot be reached as `unavailable`, anything
 * else as `internal`, without its message, stack or SQL.
 */
export const asHelpdeskError = (error: unknown): HelpdeskError => {
  if (error instanceof HelpdeskError) return error;
  if (isDatabaseUnavailable(error)) return unavailable();
  return new HelpdeskError('internal', 'Something went wrong on the server; nothing was changed.');
};
