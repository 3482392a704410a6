import pino, { type Logger } from 'pino';

/**
 * The process logger. Request logs carry ids, methods, route shapes and statuses; never bodies,
 * query strings or anything a patient could be recognised by.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'portaldesk-api' },
    redact: { paths: ['req.headers', 'res.headers', '*.password', '*.token', '*.cookie'], remove: true },
  });
}

/** A URL path with query removed and ids blanked: /api/patients/42?x=y -> /api/patients/:id */
export function loggablePath(url: string): string {
  return url.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');
}
