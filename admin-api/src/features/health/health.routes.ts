import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { livenessResult, readinessResult } from './health.schema.ts';

/** Liveness (the process answers) and readiness (it can reach its database), for load balancers. */
export function healthRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health/live',
      operationId: 'getLiveness',
      tag: 'health',
      summary: 'The process is up',
      permission: 'public',
      response: livenessResult,
      handler({ res }) {
        res.json({ status: 'ok' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/health/ready',
      operationId: 'getReadiness',
      tag: 'health',
      summary: 'The database answers (503 when it does not)',
      permission: 'public',
      response: readinessResult,
      async handler({ res }) {
        try {
          await deps.knex.raw('SELECT 1').timeout(2000, { cancel: true });
          res.json({ status: 'ok', database: 'ok' });
        } catch {
          res.status(503).json({ status: 'unavailable', database: 'unreachable' });
        }
      },
    }),
  ];
}
