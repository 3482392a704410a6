import { useState } from 'react';
import Alert from '@mui/material/Alert';
import MuiButton from '@mui/material/Button';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import { CanAccess, DataTable, List, TextField, TopToolbar, useListContext, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import type { ResultHold, ResultHoldListFilter } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ExportCsvButton } from '../../components/ExportCsvButton.tsx';
import { addMessages } from '../../i18n.ts';
import { HoldBasis, HoldEnds, HoldPatient, HoldPlaced, HoldStatus, HoldTest, OVERDUE_ROW } from './HoldFields.tsx';
import { resultHoldMessages } from './messages.ts';
import { ResultHoldDetails } from './ResultHoldDetails.tsx';
import { ResultHoldSearchForm } from './ResultHoldSearchForm.tsx';

addMessages(resultHoldMessages);

const Actions = () => (
  <TopToolbar>
    <CanAccess action="export" resource="result-holds">
      <ExportCsvButton resource="result-holds" doneMessage="portal.result_holds.exported" />
    </CanAccess>
  </TopToolbar>
);

/** Opened for one patient (`filter.patient_id`, from a link): says whose holds these are, and offers every patient's. */
const PatientScope = () => {
  const { filterValues, setFilters, data } = useListContext<ResultHold>();
  const translate = useTranslate();
  const { patient_id: patientId, ...others } = filterValues as ResultHoldListFilter;
  if (!patientId) return null;
  const row = data?.find((hold) => hold.patient_id === patientId);
  return (
    <Alert
      severity="info"
      sx={{ borderRadius: 0 }}
      action={
        <MuiButton color="inherit" size="small" onClick={() => setFilters(others, {}, false)}>
          {translate('portal.result_holds.every_patient')}
        </MuiButton>
      }
    >
      {row
        ? translate('portal.result_holds.one_patient', { patient: translate('portal.result_holds.patient', { name: row.patient_name, mrn: row.patient_mrn }) })
        : translate('portal.result_holds.one_patient_unnamed')}
    </Alert>
  );
};

/** No hold was ever placed (nothing filtered), or none matches the filters. */
const Empty = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const filtered = Object.keys(filterValues).length > 0;
  return (
    <EmptyState icon={<PauseCircleIcon />} title={translate(filtered ? 'portal.result_holds.empty_filtered' : 'portal.result_holds.empty')}>
      {translate(filtered ? 'portal.result_holds.empty_filtered_help' : 'portal.result_holds.empty_help')}
    </EmptyState>
  );
};

/** The keyboard's way to a row's details (a click anywhere on the row does the same). */
const DetailsButton = ({ onOpen }: { onOpen: (id: Identifier) => void }) => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <MuiButton
      size="small"
      aria-label={translate('portal.result_holds.details_label', {
        test: record.test_name,
        patient: translate('portal.result_holds.patient', { name: record.patient_name, mrn: record.patient_mrn }),
      })}
      onClick={(event) => {
        event.stopPropagation();
        onOpen(record.id);
      }}
    >
      {translate('portal.result_holds.details')}
    </MuiButton>
  );
};

/** The table, and the side panel of the hold whose row was opened (read from the page, so it follows a refresh). */
const Register = () => {
  const { data } = useListContext<ResultHold>();
  const [openId, setOpenId] = useState<Identifier | null>(null);
  const opened = openId === null ? undefined : data?.find((hold) => hold.id === openId);
  return (
    <>
      <PatientScope />
      <DataTable
        rowClick={(id) => {
          setOpenId(id);
          return false;
        }}
        bulkActionButtons={false}
        rowSx={(record) => (record.overdue ? OVERDUE_ROW : {})}
        empty={<Empty />}
      >
        <DataTable.Col source="patient_name" disableSort>
          <HoldPatient />
        </DataTable.Col>
        <DataTable.Col source="test_name" disableSort>
          <HoldTest />
        </DataTable.Col>
        <DataTable.Col source="basis" disableSort>
          <HoldBasis />
        </DataTable.Col>
        <DataTable.Col source="decided_by_name" disableSort>
          <TextField source="decided_by_name" />
        </DataTable.Col>
        <DataTable.Col source="placed_at" sortByOrder="DESC">
          <HoldPlaced />
        </DataTable.Col>
        <DataTable.Col source="ends_at">
          <HoldEnds />
        </DataTable.Col>
        <DataTable.Col source="ended_at" sortByOrder="DESC">
          <HoldStatus />
        </DataTable.Col>
        <DataTable.NumberCol source="extensions" disableSort />
        <DataTable.Col label="portal.list.actions" disableSort>
          <DetailsButton onOpen={setOpenId} />
        </DataTable.Col>
      </DataTable>
      <ResultHoldDetails hold={opened} onClose={() => setOpenId(null)} />
    </>
  );
};

/**
 * The hold register: every hold ever placed on a result, newest first, with its legal basis, who
 * decided, when it ends and how it ended; the hospital's evidence under 45 CFR 171, exportable.
 * Clinicians withdraw a basis from a hold's panel; the privacy office reads.
 */
export const ResultHoldList = () => (
  <List
    filters={<ResultHoldSearchForm />}
    actions={<Actions />}
    exporter={false}
    sort={{ field: 'placed_at', order: 'DESC' }}
    perPage={25}
    // The table's own empty state, with the filters still there: react-admin's replaces the page.
    empty={false}
  >
    <Register />
  </List>
);
