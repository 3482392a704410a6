import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

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
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fieldErrors?: FieldErrors, code = 'invalid_request') =>
  new AppError(400, code, message, fieldErrors);
export const unauthenticated = (message = 'Sign in to continue.', code = 'unauthenticated') =>
  new AppError(401, code, message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** The one error body every API answer uses. */
export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  errors?: Record<string, string | { serverError: string }>;
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message, requestId };
  if (error.fieldErrors) body.errors = { ...error.fieldErrors, root: { serverError: error.message } };
  return body;
}

/** The last middleware: typed errors answer as they say; anything else is logged and hidden. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = String(req.id ?? '');
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (error?.type === 'entity.parse.failed') {
      appError = badRequest('The request body is not valid JSON.', undefined, 'malformed_json');
    } else if (error?.type === 'entity.too.large') {
      appError = new AppError(413, 'payload_too_large', 'The request body is too large.');
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
