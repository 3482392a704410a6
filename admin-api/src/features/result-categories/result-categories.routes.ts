import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { categoryCode, categoryList, createCategoryBody, resultCategoryRecord, updateCategoryBody } from './result-categories.schema.ts';
import { createCategory, listCategories, showCategory, updateCategory } from './result-categories.service.ts';

/** The categories lab results are filed under, with their sensitivity and state-law rules: admins keep them. */
export function resultCategoriesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/result-categories',
      operationId: 'listResultCategories',
      tag: 'result-categories',
      summary: 'Every result category with its sensitivity and state-law rule',
      permission: { action: 'list', resource: 'result-categories' },
      list: categoryList,
      response: z.array(resultCategoryRecord),
      async handler({ res, list }) {
        const rows = await listCategories(deps.knex, list.sort);
        const page = rows.slice(list.offset, list.offset + list.limit);
        setContentRange(res, 'result-categories', list.offset, page.length, { exact: rows.length });
        res.json(page);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/result-categories/:id',
      operationId: 'getResultCategory',
      tag: 'result-categories',
      summary: 'One result category, by its code',
      permission: { action: 'show', resource: 'result-categories' },
      params: categoryCode,
      response: resultCategoryRecord,
      async handler({ res, params }) {
        res.json(await showCategory(deps.knex, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/result-categories',
      operationId: 'createResultCategory',
      tag: 'result-categories',
      summary: 'Add a result category the lab feed may name',
      permission: { action: 'create', resource: 'result-categories' },
      body: createCategoryBody,
      response: resultCategoryRecord,
      responds: { status: 201, description: 'Created' },
      errors: { 409: 'exists: a category has this code already' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createCategory(deps.knex, actor, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/result-categories/:id',
      operationId: 'updateResultCategory',
      tag: 'result-categories',
      summary: 'Rename a category, mark it sensitive, or change its state-law rule (send the version you read); holds already placed keep theirs',
      permission: { action: 'edit', resource: 'result-categories' },
      params: categoryCode,
      body: updateCategoryBody,
      response: resultCategoryRecord,
      errors: { 409: 'stale_version: someone changed it since it was read' },
      async handler({ res, actor, params, body }) {
        res.json(await updateCategory(deps.knex, actor, params.id, body));
      },
    }),
  ];
}
