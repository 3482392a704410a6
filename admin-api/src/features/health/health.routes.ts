import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { livenessResult, readinessResult } from './health.schema.ts';

/** Whether the process is shutting down (SIGTERM): set once, never cleared. */
export interface Lifecycle {
  draining: boolean;
}

/**
 * Liveness (the process answers) and readiness (it can reach its database and is not shutting
 * down), for load balancers.
 */
export function healthRoutes(deps: AppDeps, lifecycle: Lifecycle): RouteSpec[] {
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
      summary: 'The database answers and the process is not shutting down (503 otherwise)',
      permission: 'public',
      response: readinessResult,
      async handler({ res }) {
        // A balancer that sees this stops sending new requests while those in flight finish.
        if (lifecycle.draining) return void res.status(503).json({ status: 'draining', database: 'not checked' });
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
