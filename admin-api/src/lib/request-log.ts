import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { loggablePath } from './logger.ts';

declare module 'http' {
  interface IncomingMessage {
    /** This request's id: in its X-Request-Id header, its log line and its audit rows. */
    id: string;
  }
}

/**
 * Gives each request its id and writes one line when it ends: id, method, path without query
 * and with ids blanked, status and milliseconds. Health probes are not logged (a balancer sends
 * several a second). One plain object per request on the process logger, built when the answer
 * has gone: every request crosses this, so it does no more than the line needs (no child logger
 * per request, no serializers; see BENCHMARKS.md, issue 14).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (req.url.startsWith('/api/health')) return next();
    const startedAt = process.hrtime.bigint();
    const logLine = (message: string) => () => {
      const line = {
        req: { id, method: req.method, path: loggablePath(req.originalUrl) },
        res: { statusCode: res.statusCode },
        responseTime: Number(process.hrtime.bigint() - startedAt) / 1e6,
      };
      if (res.statusCode >= 500) logger.error(line, message);
      else logger.info(line, message);
    };
    const completed = logLine('request completed');
    const aborted = logLine('request aborted');
    res.once('finish', completed);
    // The client went away before the answer was sent.
    res.once('close', () => {
      if (!res.writableFinished) aborted();
    });
    next();
  };
}
