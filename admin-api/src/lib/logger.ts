import pino, { type Logger } from 'pino';

/**
 * The process logger. Request logs carry ids, methods, route shapes and statuses; never bodies,
 * query strings or anything a patient could be recognised by.
 *
 * Lines go to stdout asynchronously: a synchronous write per request blocked the event loop
 * whenever the pipe (a terminal, journald, a container's log driver) was slower than the API,
 * and halved the requests a second (issue 14). Lines written while a write is in flight join
 * the next one; whatever is pending is written synchronously when the process exits.
 */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'portaldesk-api' },
      redact: { paths: ['req.headers', 'res.headers', '*.password', '*.token', '*.cookie'], remove: true },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** A URL path with query removed and ids blanked: /api/patients/42?x=y -> /api/patients/:id */
export function loggablePath(url: string): string {
  return url.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');
}
