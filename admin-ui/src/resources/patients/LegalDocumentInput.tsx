import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import Typography from '@mui/material/Typography';
import { FormDataConsumer, useTranslate } from 'react-admin';
import { FIELD_LABELS, type PatientRecord } from '@portaldesk/admin-api/contract';
import { ChooseFileButton } from '../../components/ChooseFileButton.tsx';
import { changedFields, legalFieldsOf, type PatientFormValues } from './patientForm.ts';

/** What the API stores (it judges the type by the content; this is only the first check). */
const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Why a file cannot be the legal document, as a message key, or null. */
export function documentProblem(file: File): string | null {
  if (!DOCUMENT_TYPES.includes(file.type)) return 'portal.demographics.document_type';
  if (file.size > MAX_DOCUMENT_BYTES) return 'portal.demographics.document_too_large';
  return null;
}

interface LegalDocumentProps {
  read: PatientRecord;
  file: File | null;
  error: string | null;
  onFile(file: File | null): void;
  onError(message: string | null): void;
}

const LegalDocument = ({ read, file, error, onFile, onError, values }: LegalDocumentProps & { values: PatientFormValues }) => {
  const translate = useTranslate();
  const legal = legalFieldsOf(changedFields(values, read));
  if (!legal.length) return null;
  const fields = legal.map((field) => FIELD_LABELS[field].toLowerCase()).join(', ');
  return (
    <Box component="section" aria-labelledby="legal-document-title" sx={{ width: '100%', mb: 2 }}>
      <Typography id="legal-document-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {translate('portal.demographics.document')}
      </Typography>
      <Alert severity="info" role="status" sx={{ my: 1 }}>
        {translate('portal.demographics.document_needed', { fields })}
      </Alert>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
        <ChooseFileButton
          label={translate('portal.demographics.choose_document')}
          accept={DOCUMENT_TYPES.join(',')}
          onFile={(chosen) => {
            const problem = documentProblem(chosen);
            onError(problem && translate(problem));
            if (!problem) onFile(chosen);
          }}
        />
        <Typography aria-live="polite">
          {file ? translate('portal.demographics.document_chosen', { name: file.name, size: size(file.size) }) : translate('portal.demographics.no_document')}
        </Typography>
        {file ? <Button onClick={() => onFile(null)}>{translate('portal.demographics.remove_document')}</Button> : null}
      </Box>
      {error ? (
        <FormHelperText error role="alert">
          {error}
        </FormHelperText>
      ) : null}
    </Box>
  );
};

/**
 * The legal document a change of name, date of birth or sex is made on: asked for as soon as one
 * of those fields differs from the record read, and uploaded when the correction is saved.
 */
export const LegalDocumentInput = (props: LegalDocumentProps) => (
  <FormDataConsumer<PatientFormValues>>{({ formData }) => <LegalDocument {...props} values={formData} />}</FormDataConsumer>
);
