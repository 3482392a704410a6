import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import HistoryIcon from '@mui/icons-material/History';
import { DataTable, Link, Pagination, ReferenceManyField, useCanAccess, useCreatePath, useListContext, useRecordContext, useTranslate } from 'react-admin';
import { DEMOGRAPHIC_FIELDS, FIELD_LABELS, type DemographicField, type PatientHistoryEntry, type PatientRecord } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ExportCsvButton } from '../../components/ExportCsvButton.tsx';
import { fieldLabelOf, ValueChange } from './ValueChange.tsx';
import { addMessages } from '../../i18n.ts';
import { patientDemographicsMessages } from '../patients/messages.ts';
import { patientHistoryMessages } from './messages.ts';

addMessages(patientDemographicsMessages, patientHistoryMessages);

const RESOURCE = 'patient-history';

/** DataTable's column, typed for a history entry. */
const Col = DataTable.Col<PatientHistoryEntry>;

/** Narrows the table to one field; "All fields" shows every change. */
const FieldFilter = () => {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext<PatientHistoryEntry>();
  const field = (filterValues as { field?: DemographicField }).field ?? '';
  return (
    <TextField
      select
      size="small"
      label={translate('portal.patient_history.filter')}
      value={field}
      onChange={(event) => setFilters(event.target.value ? { field: event.target.value } : {}, undefined)}
      sx={{ minWidth: 220 }}
    >
      <MenuItem value="">{translate('portal.patient_history.any_field')}</MenuItem>
      {DEMOGRAPHIC_FIELDS.map((name) => (
        <MenuItem key={name} value={name}>
          {FIELD_LABELS[name]}
        </MenuItem>
      ))}
    </TextField>
  );
};

/** No change at all, or none to the field chosen. */
const HistoryEmpty = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext<PatientHistoryEntry>();
  const field = (filterValues as { field?: DemographicField }).field;
  return field ? (
    <EmptyState icon={<HistoryIcon />} title={translate('portal.patient_history.empty_field', { field: FIELD_LABELS[field] })}>
      {translate('portal.patient_history.empty_field_help')}
    </EmptyState>
  ) : (
    <EmptyState icon={<HistoryIcon />} title={translate('portal.patient_history.empty')}>
      {translate('portal.patient_history.empty_help')}
    </EmptyState>
  );
};

/**
 * Where a change came from; a patient's request links to it for the roles that may open
 * requests (front desk and support read the history, not the requests).
 */
const ChangeSource = ({ entry }: { entry: PatientHistoryEntry }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ action: 'show', resource: 'demographic-change-requests' });
  if (entry.source === 'change_request' && entry.change_request_id !== null) {
    const words = translate('portal.patient_history.request', { id: entry.change_request_id });
    return canAccess ? (
      <Link to={createPath({ resource: 'demographic-change-requests', type: 'show', id: entry.change_request_id })}>{words}</Link>
    ) : (
      <>{words}</>
    );
  }
  return <>{translate(`portal.patient_history.source.${entry.source}`)}</>;
};

/** The document a legal change was made on: it opens in a new tab for the roles that may read documents. */
const ChangeDocument = ({ entry }: { entry: PatientHistoryEntry }) => {
  const translate = useTranslate();
  const { canAccess, isPending } = useCanAccess({ action: 'show', resource: 'documents' });
  if (entry.document_id === null || isPending) return null;
  if (!canAccess) return <>{translate('portal.patient_history.document_on_file')}</>;
  return (
    <a href={`/api/documents/${entry.document_id}/content`} target="_blank" rel="noopener noreferrer">
      {translate('portal.patient_history.document')}
    </a>
  );
};

const HistoryToolbar = ({ canExport, patientId }: { canExport: boolean; patientId: PatientRecord['id'] }) => (
  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between', px: 2, pb: 1 }}>
    <FieldFilter />
    {canExport ? <ExportCsvButton resource={`patients/${patientId}/history`} doneMessage="portal.patient_history.exported" /> : null}
  </Box>
);

/**
 * A patient's demographic history, newest first: when, which field, the old and the new value in
 * words, who, from where (a staff correction, the patient's request, an EHR import), why, and the
 * document a legal change was made on. Compliance and ROI may export all of it as CSV.
 */
export const PatientHistory = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const { canAccess: canExport } = useCanAccess({ action: 'export', resource: RESOURCE });
  if (!record) return null;
  return (
    <Card component="section" aria-labelledby="patient-history-title">
      <CardContent>
        <Typography id="patient-history-title" variant="h6" component="h2">
          {translate('portal.patient_history.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('portal.patient_history.intro')}
        </Typography>
      </CardContent>
      <ReferenceManyField
        reference={RESOURCE}
        target="patient_id"
        sort={{ field: 'changed_at', order: 'DESC' }}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
      >
        <HistoryToolbar canExport={canExport === true} patientId={record.id} />
        <DataTable<PatientHistoryEntry> bulkActionButtons={false} rowClick={false} empty={<HistoryEmpty />}>
          <Col source="changed_at" field={DateTimeField} />
          <Col source="field" disableSort render={fieldLabelOf} />
          <Col source="change" disableSort render={(entry) => <ValueChange entry={entry} />} />
          <Col
            source="changed_by_name"
            disableSort
            render={(entry) => entry.changed_by_name ?? (entry.source === 'import' ? '' : translate('portal.patient_history.nobody'))}
          />
          <Col source="source" disableSort render={(entry) => <ChangeSource entry={entry} />} />
          <Col source="reason" disableSort cellSx={() => ({ whiteSpace: 'pre-wrap' })} />
          <Col source="document_id" disableSort render={(entry) => <ChangeDocument entry={entry} />} />
        </DataTable>
      </ReferenceManyField>
    </Card>
  );
};
