import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { patientList } from './patients.schema.ts';
import { findPatients, getPatient } from './patients.service.ts';

export function patientsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/patients',
      tag: 'patients',
      summary: 'Search patients by name (prefix or contains), MRN or date of birth',
      permission: { action: 'list', resource: 'patients' },
      list: patientList,
      async handler({ res, actor, list }) {
        const { rows, total } = await findPatients(deps, actor, list);
        setContentRange(res, 'patients', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id',
      tag: 'patients',
      summary: "A patient's record with age and contact details",
      permission: { action: 'show', resource: 'patients' },
      params: z.object({ id: idParam }),
      async handler({ res, actor, params }) {
        res.json(await getPatient(deps, actor, params.id));
      },
    }),
  ];
}
