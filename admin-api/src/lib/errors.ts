import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

/** Field messages in react-admin's server-side validation shape. */
export type FieldErrors = Record<string, string>;

/**
 * A failure the client may see. `code` is stable (clients branch on it); `message` is for people.
 * Everything else thrown is an unknown error and answers a generic 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: Record<string, string>,
    /** What the client needs to recover, such as what another person saved first (a 409). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fieldErrors?: FieldErrors, code = 'invalid_request') => new AppError(400, code, message, fieldErrors);
export const unauthenticated = (message = 'Sign in to continue.', code = 'unauthenticated') => new AppError(401, code, message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, code = 'conflict', details?: Record<string, unknown>) =>
  new AppError(409, code, message, undefined, undefined, details);
/** A well-formed request the rules refuse (a code outside its value set, a missing reason): 422 naming each field. */
export const unprocessableEntity = (code: string, fieldErrors: FieldErrors) =>
  new AppError(
    422,
    code,
    Object.entries(fieldErrors)
      .map(([field, predicate]) => (field === 'root' ? `${predicate[0].toUpperCase()}${predicate.slice(1)}.` : `${field} ${predicate}.`))
      .join(' '),
    fieldErrors,
  );
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** The one error body every answer of both APIs uses. */
export const errorBodySchema = z.object({
  code: z.string().meta({ description: 'Stable: clients branch on it' }),
  message: z.string().meta({ description: 'For people' }),
  requestId: z.string(),
  errors: z
    .record(z.string(), z.union([z.string(), z.object({ serverError: z.string() })]))
    .optional()
    .meta({ description: "Field messages in react-admin's shape" }),
  details: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'What a refused save needs to recover: for a stale version, the record as it is now and what changed since' }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

export function errorBody(error: AppError, requestId: string): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message, requestId };
  if (error.fieldErrors) body.errors = { ...error.fieldErrors, root: { serverError: error.message } };
  if (error.details) body.details = error.details;
  return body;
}

/**
 * body-parser's refusals, by their `type`, in our words: its own messages echo what was sent.
 * Content-Type and Content-Encoding lie as often as they tell the truth on a public endpoint.
 */
const BODY_ERRORS: Record<string, () => AppError> = {
  'entity.parse.failed': () => badRequest('The request body is not valid JSON.', undefined, 'malformed_json'),
  'entity.too.large': () => new AppError(413, 'payload_too_large', 'The request body is too large.'),
  'charset.unsupported': () => new AppError(415, 'unsupported_charset', 'Send the request body as UTF-8 (charset=utf-8).'),
  'encoding.unsupported': () => new AppError(415, 'unsupported_encoding', 'Send the request body uncompressed, or compressed with gzip, deflate or br.'),
  'request.aborted': () => badRequest('The request body ended early.', undefined, 'malformed_body'),
  'request.size.invalid': () => badRequest('The request body is not as long as Content-Length says.', undefined, 'malformed_body'),
};

// PostgreSQL's SQLSTATEs for a lost race; the requests that lose them can simply be repeated.
/** A unique key already taken: features turn it into their own 409 (a name taken), never a 500. */
export const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';
const SERIALIZATION_FAILURE = '40001';

/** An http-errors 4xx (express, body-parser): `expose` marks it as the client's doing. */
function isClientError(error: unknown): error is { status: number } {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/** The last middleware: typed errors answer as they say; anything else is logged and hidden. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = String(req.id ?? '');
    let appError: AppError;
    const bodyError = typeof error?.type === 'string' ? BODY_ERRORS[error.type as string] : undefined;
    if (error instanceof AppError) {
      appError = error;
    } else if (bodyError) {
      appError = bodyError();
    } else if (error?.code === UNIQUE_VIOLATION) {
      // A unique key that two requests raced for: the loser is told, never a 500.
      appError = conflict('Someone saved a conflicting record at the same moment. Reload and try again.', 'conflict');
    } else if (error?.code === DEADLOCK || error?.code === SERIALIZATION_FAILURE) {
      appError = new AppError(503, 'busy', 'The record was busy with another change. Try again.', undefined, { 'Retry-After': '1' });
    } else if (isClientError(error)) {
      // Any other refusal express or body-parser raise (they mark 4xx as safe to expose), in our words.
      appError = new AppError(error.status, 'malformed_request', 'The request could not be read: check its Content-Type, Content-Encoding and length.');
    } else {
      // Log the error's class, code and stack frames, never its message: database errors quote row values.
      const frames = typeof error?.stack === 'string' ? error.stack.split('\n').slice(1).join('\n') : undefined;
      logger.error({ requestId, err: { type: error?.name, code: error?.code, frames } }, 'unhandled error');
      appError = new AppError(500, 'internal_error', `Something went wrong on our side. Quote request id ${requestId} to support.`);
    }
    if (res.headersSent) return;
    if (appError.headers) res.set(appError.headers);
    res.status(appError.status).json(errorBody(appError, requestId));
  };
}
