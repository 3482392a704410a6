import type { MouseEvent } from 'react';
import Chip from '@mui/material/Chip';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import { useCanAccess, DataTable, Link, List, useCreatePath, useListContext, useRecordContext, useTranslate, type TranslateFunction } from 'react-admin';
import { BatchLettersButton } from '../activation-codes/BatchLettersButton.tsx';
import { DateOnlyField, formatDateOnly } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TotalAtLeastNotice } from '../../components/TotalAtLeastNotice.tsx';
import { hasCriteria, PatientSearchForm, type PatientFilter } from './PatientSearchForm.tsx';
import { patientName } from './patientName.ts';

const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/** The name links to the record, so keyboard users can Tab to a row and press Enter. */
const PatientNameCell = () => {
  const record = useRecordContext<{ id: number; family_name: string; given_name: string; deceased: boolean }>();
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      <Link to={createPath({ resource: 'patients', id: record.id, type: 'show' })} onClick={stopPropagation}>
        {patientName(record)}
      </Link>
      {record.deceased ? <Chip size="small" label={translate('portal.patients.deceased')} sx={{ ml: 1 }} /> : null}
    </>
  );
};

function describeCriteria(filter: PatientFilter, translate: TranslateFunction): string {
  const parts: string[] = [];
  if (filter.q)
    parts.push(translate(filter.match === 'contains' ? 'portal.patients.criteria.name_contains' : 'portal.patients.criteria.name', { q: filter.q }));
  if (filter.mrn) parts.push(translate('portal.patients.criteria.mrn', { mrn: filter.mrn }));
  if (filter.date_of_birth) parts.push(translate('portal.patients.criteria.date_of_birth', { date: formatDateOnly(filter.date_of_birth) }));
  return parts.join(', ');
}

/** What to try when a search found nobody, fitting what was searched by. */
function noMatchHelp(filter: PatientFilter): string {
  const given = [filter.q, filter.mrn, filter.date_of_birth].filter(Boolean).length;
  if (given > 1) return 'portal.patients.empty.no_match_help_several';
  if (filter.mrn) return 'portal.patients.empty.no_match_help_mrn';
  if (filter.date_of_birth) return 'portal.patients.empty.no_match_help_date';
  return 'portal.patients.empty.no_match_help';
}

/** Search first: without criteria the API lists nobody by design, so say how to search. */
const PatientsEmpty = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  if (!hasCriteria(filterValues)) {
    return (
      <EmptyState icon={<PersonSearchIcon />} title={translate('portal.patients.empty.search_first')}>
        {translate('portal.patients.empty.search_first_help')}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<SearchOffIcon />} title={translate('portal.patients.empty.no_match', { criteria: describeCriteria(filterValues, translate) })}>
      {translate(noMatchHelp(filterValues))}
    </EmptyState>
  );
};

const Sex = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  return record?.sex ? <>{translate(`portal.patients.sex.${record.sex}`, { _: record.sex })}</> : null;
};

const Place = () => {
  const record = useRecordContext();
  return <>{[record?.city, record?.state].filter(Boolean).join(', ')}</>;
};

/** Patient search. Criteria stay out of the URL (and so out of browser history): they are PHI. */
export const PatientList = () => {
  // Front desk and support select patients to issue codes and print their letters in one go.
  const { canAccess: canIssue } = useCanAccess({ action: 'create', resource: 'activation-codes' });
  return (
    <List
      filters={<PatientSearchForm />}
      actions={false}
      exporter={false}
      empty={false}
      disableSyncWithLocation
      storeKey="patients.search"
      sort={{ field: 'family_name', order: 'ASC' }}
      perPage={25}
    >
      <TotalAtLeastNotice hint="portal.patients.refine" />
      <DataTable rowClick="show" bulkActionButtons={canIssue ? <BatchLettersButton /> : false} empty={<PatientsEmpty />}>
        <DataTable.Col source="family_name" label="resources.patients.fields.name">
          <PatientNameCell />
        </DataTable.Col>
        <DataTable.Col source="mrn" />
        <DataTable.Col source="date_of_birth" field={DateOnlyField} />
        <DataTable.Col source="age" disableSort />
        <DataTable.Col source="sex" disableSort>
          <Sex />
        </DataTable.Col>
        <DataTable.Col source="city" disableSort>
          <Place />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
