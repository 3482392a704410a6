import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PrintIcon from '@mui/icons-material/Print';
import { Title, useTranslate } from 'react-admin';
import { ChooseFileButton } from '../../components/ChooseFileButton.tsx';
import { BatchResultDialog } from './BatchResultDialog.tsx';
import { DeskLocationSelect } from './DeskLocationSelect.tsx';
import { mrnsFrom } from './mrnList.ts';
import { useDeskLocation } from './useDeskLocation.ts';
import { useBatchLetters } from './useBatchLetters.ts';

const MAX_BATCH = 200;

/** Codes and letters for a list of MRNs (pasted, or a CSV file such as a clinic's day list). */
export const BatchLettersPage = () => {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const { busy, result, issue, replaceLive, printIssued, clear } = useBatchLetters();
  const deskLocation = useDeskLocation();
  const [triedWithoutLocation, setTriedWithoutLocation] = useState(false);
  const mrns = mrnsFrom(text);

  const submit = () => {
    setTriedWithoutLocation(deskLocation.missing);
    if (!deskLocation.missing) void issue({ mrns, locationId: deskLocation.chosen?.id });
  };

  const openFile = async (file: File) => setText(await file.text());

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="portal.batch.title" />
      <CardContent>
        <Stack spacing={2} sx={{ maxWidth: 720 }}>
          <Typography variant="h5" component="h2">
            {translate('portal.batch.title')}
          </Typography>
          <Typography>{translate('portal.batch.intro')}</Typography>
          <TextField
            label={translate('portal.batch.mrns')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            multiline
            minRows={6}
            maxRows={16}
            helperText={translate('portal.batch.count', { smart_count: mrns.length })}
          />
          <DeskLocationSelect choice={deskLocation} showMissing={triedWithoutLocation} />
          {mrns.length > MAX_BATCH ? <Alert severity="error">{translate('portal.batch.too_many', { max: MAX_BATCH })}</Alert> : null}
          <Stack direction="row" spacing={2}>
            <ChooseFileButton label={translate('portal.batch.open_csv')} accept=".csv,.txt,text/csv,text/plain" disabled={busy} onFile={openFile} />
            <MuiButton variant="contained" startIcon={<PrintIcon />} disabled={busy || mrns.length === 0 || mrns.length > MAX_BATCH} onClick={submit}>
              {translate(busy ? 'portal.batch.issuing' : 'portal.batch.submit')}
            </MuiButton>
          </Stack>
        </Stack>
      </CardContent>
      {result && result.refused.length ? (
        <BatchResultDialog result={result} busy={busy} onPrint={printIssued} onReplaceLive={replaceLive} onClose={clear} />
      ) : null}
    </Card>
  );
};
