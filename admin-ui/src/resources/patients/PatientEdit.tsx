import { useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import MuiButton from '@mui/material/Button';
import {
  Button,
  Edit,
  HttpError,
  maxLength,
  required,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  useCreatePath,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
  useUpdate,
  type Identifier,
} from 'react-admin';
import type { PatientCorrection, PatientRecord, PatientSaveConflict } from '@portaldesk/admin-api/contract';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { LegalDocumentInput } from './LegalDocumentInput.tsx';
import { PatientInputs } from './PatientInputs.tsx';
import { patientName } from './patientName.ts';
import { changedFields, demographicFieldsOf, formValuesOf, legalFieldsOf, mergeAfterConflict, type PatientFormValues } from './patientForm.ts';
import { StaleSaveDialog, type StaleSave } from './StaleSaveDialog.tsx';
import { addMessages } from '../../i18n.ts';
import { patientHistoryMessages } from '../patient-history/messages.ts';
import { patientDemographicsMessages } from './messages.ts';

addMessages(patientDemographicsMessages, patientHistoryMessages);

/** The form's record: the patient's fields, the reason being typed, and the version they came from. */
type CorrectionValues = PatientFormValues & { id: Identifier; version: number; reason: string };

const validateReason = [required('portal.demographics.reason_required'), maxLength(500)];

const CorrectionTitle = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  return <>{record ? translate('portal.demographics.title', { name: patientName(record), mrn: record.mrn }) : ''}</>;
};

/** Save stays available after a refused save (the form then equals what it shows), except while saving. */
const CorrectionToolbar = ({ id, saving }: { id: Identifier; saving: boolean }) => {
  const createPath = useCreatePath();
  return (
    <Toolbar sx={{ gap: 2 }}>
      <SaveButton label="portal.demographics.save" alwaysEnable={!saving} />
      <Button label="ra.action.cancel" to={createPath({ resource: 'patients', id, type: 'show' })} />
    </Toolbar>
  );
};

const correctionValuesOf = (record: PatientRecord): CorrectionValues => ({ ...formValuesOf(record), id: record.id, version: record.version, reason: '' });

/**
 * The correction of one patient's record from the version `record`. Sends only the fields that
 * differ from the version read, with the reason and that version; a changed legal name, date of
 * birth or sex first uploads the document and sends its id. When someone else saved in between
 * (409), nothing typed is lost: their changes are listed, fields not typed in take their values,
 * and the next save is made from the version now on record.
 */
const CorrectionForm = ({ record }: { record: PatientRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const [update] = useUpdate<PatientRecord>();
  const [read, setRead] = useState(record);
  const [formRecord, setFormRecord] = useState(() => correctionValuesOf(record));
  const [legalDocument, setLegalDocument] = useState<File | null>(null);
  const [documentError, setDocumentError] = useState<string | null>(null);
  const uploaded = useRef<{ file: File; id: number } | null>(null);
  const [stale, setStale] = useState<StaleSave | null>(null);
  const [staleOpen, setStaleOpen] = useState(false);
  const [saving, setSaving] = useState(false);

  /** Uploads the document once: a save retried after a refusal names the copy already stored. */
  const uploadDocument = async (file: File) => {
    if (uploaded.current?.file !== file) {
      const { data } = await dataProvider.uploadPatientDocument({ patientId: read.id, file });
      uploaded.current = { file, id: data.id };
    }
    return uploaded.current.id;
  };

  const save = async (typed: CorrectionValues, changes: Partial<PatientCorrection>) => {
    let documentId: number | undefined;
    if (legalFieldsOf(changes).length) {
      if (!legalDocument) {
        setDocumentError(translate('portal.demographics.document_required'));
        notify('portal.demographics.document_required', { type: 'error' });
        return undefined;
      }
      try {
        documentId = await uploadDocument(legalDocument);
      } catch (error) {
        const message = error instanceof Error ? error.message : translate('ra.notification.http_error');
        setDocumentError(message);
        notify(message, { type: 'error', messageArgs: { _: message } });
        return undefined;
      }
    }
    const body: PatientCorrection = { ...changes, reason: typed.reason.trim(), version: read.version };
    if (documentId !== undefined) body.document_id = documentId;
    try {
      await update('patients', { id: read.id, data: body, previousData: read }, { mutationMode: 'pessimistic', returnPromise: true });
    } catch (error) {
      const answer = apiErrorBody(error);
      if (error instanceof HttpError && error.status === 409 && answer?.code === 'stale_version' && answer.details) {
        const { current, changes: theirs } = answer.details as unknown as PatientSaveConflict;
        setStale({ changes: theirs, mine: demographicFieldsOf(changes) });
        setStaleOpen(true);
        setFormRecord({ ...mergeAfterConflict(typed, read, current), id: current.id, version: current.version, reason: typed.reason });
        setRead(current);
        return undefined;
      }
      const message = error instanceof Error ? error.message : translate('ra.notification.http_error');
      notify(message, { type: 'error', messageArgs: { _: message } });
      // The document is not a form field: its problem shows beside the file picker.
      const { document_id: aboutDocument, ...fieldErrors } = answer?.errors ?? {};
      if (typeof aboutDocument === 'string') setDocumentError(aboutDocument);
      return Object.keys(fieldErrors).length ? fieldErrors : undefined;
    }
    notify('portal.demographics.saved', { type: 'success', messageArgs: { smart_count: demographicFieldsOf(changes).length } });
    redirect('show', 'patients', read.id);
    return undefined;
  };

  const submit = async (values: Record<string, unknown>) => {
    const typed = values as unknown as CorrectionValues;
    const changes = changedFields(typed, read);
    if (!Object.keys(changes).length) {
      notify('portal.demographics.nothing_changed', { type: 'info' });
      return undefined;
    }
    setSaving(true);
    try {
      return await save(typed, changes);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <SimpleForm record={formRecord} onSubmit={submit} toolbar={<CorrectionToolbar id={read.id} saving={saving} />}>
        {stale && !staleOpen ? (
          <Alert
            severity="warning"
            sx={{ width: '100%', mb: 2 }}
            action={<MuiButton onClick={() => setStaleOpen(true)}>{translate('portal.demographics.stale_show')}</MuiButton>}
          >
            {translate('portal.demographics.stale_banner')}
          </Alert>
        ) : null}
        <PatientInputs />
        <LegalDocumentInput
          read={read}
          file={legalDocument}
          error={documentError}
          onError={setDocumentError}
          onFile={(file) => {
            setLegalDocument(file);
            setDocumentError(null);
          }}
        />
        <TextInput source="reason" multiline minRows={2} fullWidth validate={validateReason} helperText="portal.demographics.reason_help" />
      </SimpleForm>
      {stale ? <StaleSaveDialog stale={stale} open={staleOpen} onClose={() => setStaleOpen(false)} /> : null}
    </>
  );
};

const CorrectionLoaded = () => {
  const record = useRecordContext<PatientRecord>();
  // Started once per patient: a later refetch of the record never overwrites what is being typed.
  return record ? <CorrectionForm key={record.id} record={record} /> : null;
};

/**
 * ROI's correction of a patient's demographics (`/patients/:id`, roles that may edit patients):
 * the patient's fields in `<PatientInputs>`, the reason, and the legal document when the legal
 * name, date of birth or sex changes.
 */
export const PatientEdit = () => (
  <Edit title={<CorrectionTitle />} actions={false} mutationMode="pessimistic">
    <CorrectionLoaded />
  </Edit>
);
