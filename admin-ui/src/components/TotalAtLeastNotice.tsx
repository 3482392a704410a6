import Alert from '@mui/material/Alert';
import { useListContext, useTranslate } from 'react-admin';
import type { ListMeta } from '../providers/dataProvider.ts';

/** Says "more than N matches" when the server stopped counting, and asks for a narrower search. */
export const TotalAtLeastNotice = ({ hint }: { hint: string }) => {
  const { meta } = useListContext();
  const translate = useTranslate();
  const atLeast = (meta as ListMeta | undefined)?.totalAtLeast;
  if (!atLeast) return null;
  return (
    <Alert severity="info" sx={{ borderRadius: 0 }}>
      {translate('portal.list.more_than', { count: atLeast.toLocaleString('en-US') })} {translate(hint)}
    </Alert>
  );
};
