import { Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CanAccess, EditButton, Loading, Show, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { describeFieldValue, type PatientRecord } from '@portaldesk/admin-api/contract';
import { lazyPage } from '../../lazyPage.ts';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { DateTimeField, formatDateOnly } from '../../components/dates.tsx';
import { PatientAccessLedger } from '../patient-access-ledger/index.ts';
import { PortalAccountPanel } from '../portal-accounts/PortalAccountPanel.tsx';
import { ProxiesPanel } from '../proxy-relationships/ProxiesPanel.tsx';
import { PatientDocuments } from '../documents/PatientDocuments.tsx';
import { PatientHistory } from '../patient-history/index.ts';
import { ResultsTab } from '../results/index.ts';
import { patientName } from './patientName.ts';
import { addMessages } from '../../i18n.ts';
import { patientDemographicsMessages } from './messages.ts';

addMessages(patientDemographicsMessages);

const PatientTitle = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  return <>{record ? translate('portal.patients.title', { name: patientName(record), mrn: record.mrn }) : ''}</>;
};

const PatientRecordCard = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const age = translate('portal.patients.age', { smart_count: record.age });
  const cityLine = [[record.city, record.state].filter(Boolean).join(', '), record.postal_code].filter(Boolean).join(' ');
  const addressLines = [record.address_line1, record.address_line2, cityLine].filter(Boolean);
  return (
    <Card>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 3 }}>
          <Typography variant="h5" component="h2">
            {patientName(record)}
          </Typography>
          {record.deceased ? <Chip label={translate('portal.patients.deceased')} /> : null}
          <Box sx={{ flexGrow: 1 }} />
          {/* Only for the roles that may correct a record (ROI); the button hides itself otherwise. */}
          <EditButton label="portal.demographics.correct" />
        </Stack>
        <DetailSection title="portal.patients.sections.identity">
          <Detail label="resources.patients.fields.mrn">{record.mrn}</Detail>
          <Detail label="resources.patients.fields.date_of_birth">
            {formatDateOnly(record.date_of_birth)} ({record.deceased ? translate('portal.patients.age_at_death', { age }) : age})
          </Detail>
          <Detail label="resources.patients.fields.sex">{translate(`portal.patients.sex.${record.sex}`, { _: record.sex })}</Detail>
          {record.deceased_date ? <Detail label="resources.patients.fields.deceased_date">{formatDateOnly(record.deceased_date)}</Detail> : null}
        </DetailSection>
        <DetailSection title="portal.demographics.section">
          {/* The API leaves these out for roles without need of them (billing). */}
          {record.race !== undefined ? <Detail label="resources.patients.fields.race">{describeFieldValue('race', record.race)}</Detail> : null}
          {record.ethnicity !== undefined ? (
            <Detail label="resources.patients.fields.ethnicity">{describeFieldValue('ethnicity', record.ethnicity)}</Detail>
          ) : null}
          <Detail label="resources.patients.fields.preferred_language">{describeFieldValue('preferred_language', record.preferred_language)}</Detail>
          {record.sexual_orientation !== undefined ? (
            <Detail label="resources.patients.fields.sexual_orientation">{describeFieldValue('sexual_orientation', record.sexual_orientation)}</Detail>
          ) : null}
          {record.gender_identity !== undefined ? (
            <Detail label="resources.patients.fields.gender_identity">{describeFieldValue('gender_identity', record.gender_identity)}</Detail>
          ) : null}
          <Detail label="portal.patients.address">
            {addressLines.length ? addressLines.map((line) => <Box key={line}>{line}</Box>) : describeFieldValue('address', null)}
          </Detail>
          <Detail label="resources.patients.fields.phone">{describeFieldValue('phone', record.phone)}</Detail>
          <Detail label="resources.patients.fields.email">{describeFieldValue('email', record.email)}</Detail>
        </DetailSection>
        <DetailSection title="portal.patients.sections.record">
          <Detail label="resources.patients.fields.created_at">
            <DateTimeField source="created_at" />
          </Detail>
          <Detail label="resources.patients.fields.updated_at">
            <DateTimeField source="updated_at" />
          </Detail>
        </DetailSection>
      </CardContent>
    </Card>
  );
};

/** The tab bar loads beside the record (it never holds the record up), for the roles that have a second tab. */
const PatientTabs = lazyPage(() => import('./PatientTabs.tsx').then((module) => module.PatientTabs));
const TAB_BAR_HEIGHT = 48;

const RecordTabs = () => {
  const { canAccess: canReadHistory } = useCanAccess({ action: 'list', resource: 'patient-history' });
  const { canAccess: canReadResults } = useCanAccess({ action: 'list', resource: 'results' });
  if (!canReadHistory && !canReadResults) return null;
  return (
    <Suspense fallback={<Box sx={{ height: TAB_BAR_HEIGHT, mb: 2 }} />}>
      <PatientTabs showHistory={canReadHistory === true} showResults={canReadResults === true} />
    </Suspense>
  );
};

/**
 * Demographics with the portal account beside them on screens wide enough for both (the panel is
 * what the desk and support came for, so it stays above the fold at 1366x768), the patient's
 * proxies across the page below them (sentences need the width), and the access ledger last,
 * each for the roles allowed to read it.
 */
const RecordTab = () => (
  <>
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        alignItems: 'start',
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(auto-fit, minmax(380px, 1fr))' },
      }}
    >
      <PatientRecordCard />
      <CanAccess action="show" resource="portal-accounts">
        <PortalAccountPanel />
      </CanAccess>
    </Box>
    <CanAccess action="list" resource="proxy-relationships">
      <ProxiesPanel />
    </CanAccess>
    <CanAccess action="list" resource="documents">
      <PatientDocuments />
    </CanAccess>
    <CanAccess action="list" resource="patient-access-ledger">
      <PatientAccessLedger />
    </CanAccess>
  </>
);

/**
 * A patient's record, and for the roles that may read them, the History of its demographics and
 * the patient's Results (each loaded when opened).
 */
export const PatientShow = () => (
  <Show title={<PatientTitle />} actions={false} component="div">
    <RecordTabs />
    <Routes>
      <Route
        path="history"
        element={
          <CanAccess action="list" resource="patient-history">
            <Suspense fallback={<Loading />}>
              <PatientHistory />
            </Suspense>
          </CanAccess>
        }
      />
      <Route
        path="results"
        element={
          <CanAccess action="list" resource="results">
            <Suspense fallback={<Loading />}>
              <ResultsTab />
            </Suspense>
          </CanAccess>
        }
      />
      <Route path="*" element={<RecordTab />} />
    </Routes>
  </Show>
);
