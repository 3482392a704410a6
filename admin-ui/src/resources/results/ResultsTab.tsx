import { Suspense, type ReactNode } from 'react';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import ScienceIcon from '@mui/icons-material/Science';
import { DataTable, Pagination, ReferenceManyField, useCanAccess, useListContext, useRecordContext, useTranslate } from 'react-admin';
import type { LabResult, PatientRecord } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { lazyPage } from '../../lazyPage.ts';
import { HoldResultsButton } from './HoldResultsButton.tsx';
import { ReleaseResultsButton } from './ReleaseResultsButton.tsx';
import { AbnormalFlagChip, PortalStatus, ResultCategory, ResultValue, TestName, Withheld } from './ResultCells.tsx';

/** DataTable's column, typed for a result. */
const Col = DataTable.Col<LabResult>;

/** The chart library loads only for the roles that may read values, once the tab is open. */
const ResultTrend = lazyPage(() => import('./ResultTrend.tsx').then((module) => module.ResultTrend));

const ResultsEmpty = () => {
  const translate = useTranslate();
  return (
    <EmptyState icon={<ScienceIcon />} title={translate('portal.results.empty')}>
      {translate('portal.results.empty_help')}
    </EmptyState>
  );
};

/**
 * What a clinician can do with the selected results: hold them, or release the held ones now.
 * A selected result that is already in the portal cannot be released, so only the held ones are
 * sent (a selection on another page is left to the server to check).
 */
const ResultBulkActions = () => {
  const translate = useTranslate();
  const { selectedIds, data = [], onUnselectItems } = useListContext<LabResult>();
  const resultIds = selectedIds.map(Number);
  const releasable = resultIds.filter((id) => data.find((result) => result.id === id)?.status !== 'released');
  return (
    <>
      <HoldResultsButton resultIds={resultIds} onDone={onUnselectItems} />
      <ReleaseResultsButton resultIds={releasable} onDone={onUnselectItems} />
      {releasable.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
          {translate('portal.results.release.none_held')}
        </Typography>
      ) : null}
    </>
  );
};

/** A value cell, or the words saying the role may not read it. */
const unlessWithheld = (show: (result: LabResult) => ReactNode) => (result: LabResult) => (result.values_withheld ? <Withheld /> : show(result));

/**
 * The Results tab of a patient's record: every result, newest first, with its value, the lab's
 * flag and reference range, its category, and whether it reached the portal (or which hold keeps
 * it out). Clinicians select results to hold them on a legal basis or release them now. The
 * roles that may not read values (ROI, support) see the same rows without them. Below, the
 * patient's numeric tests over time.
 */
export const ResultsTab = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const { canAccess: canReadValues } = useCanAccess({ action: 'show', resource: 'result-values' });
  const { canAccess: canHold } = useCanAccess({ action: 'create', resource: 'result-holds' });
  const { canAccess: canRelease } = useCanAccess({ action: 'release', resource: 'results' });
  if (!record) return null;
  return (
    <>
      <Card component="section" aria-labelledby="patient-results-title">
        <CardContent>
          <Typography id="patient-results-title" variant="h6" component="h2">
            {translate('portal.results.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate(canReadValues === false ? 'portal.results.intro_withheld' : 'portal.results.intro')}
          </Typography>
        </CardContent>
        <ReferenceManyField
          reference="results"
          target="patient_id"
          sort={{ field: 'resulted_at', order: 'DESC' }}
          perPage={25}
          pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
        >
          <DataTable<LabResult> rowClick={false} bulkActionButtons={canHold || canRelease ? <ResultBulkActions /> : false} empty={<ResultsEmpty />}>
            <Col source="test_name" render={(result) => <TestName result={result} />} />
            <Col source="value" disableSort render={(result) => <ResultValue result={result} />} />
            {canReadValues ? (
              <Col
                source="abnormal_flag"
                disableSort
                render={unlessWithheld((result) => (
                  <AbnormalFlagChip flag={result.abnormal_flag} />
                ))}
              />
            ) : null}
            {canReadValues ? <Col source="reference_range" disableSort render={unlessWithheld((result) => result.reference_range)} /> : null}
            <Col source="category_name" disableSort render={(result) => <ResultCategory result={result} />} />
            <Col source="resulted_at" field={DateTimeField} />
            <Col source="status" disableSort render={(result) => <PortalStatus result={result} />} />
          </DataTable>
        </ReferenceManyField>
      </Card>
      {canReadValues ? (
        <Suspense fallback={null}>
          <ResultTrend patientId={record.id} />
        </Suspense>
      ) : null}
    </>
  );
};
