import type { ListSpec } from '../../lib/list-query.ts';
import { historyFilter } from '../demographics/demographics.schema.ts';

export { historyRecord } from '../demographics/demographics.schema.ts';

export const historyList: ListSpec<typeof historyFilter> = {
  sortable: ['changed_at', 'id'],
  defaultSort: ['changed_at', 'DESC'],
  filter: historyFilter,
  maxPageSize: 200,
};
