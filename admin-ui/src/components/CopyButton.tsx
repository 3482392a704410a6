import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useTranslate } from 'react-admin';

/**
 * Copies a secret shown once (a one-time link, a new token) to the clipboard, and says so. Where
 * the browser refuses (no permission, plain http), it says to select the text instead.
 */
export const CopyButton = ({ text, label }: { text: string; label: string }) => {
  const translate = useTranslate();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyText = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  return (
    <Stack spacing={1} sx={{ flexShrink: 0, maxWidth: 240 }}>
      <Button variant="outlined" onClick={copyText} startIcon={<ContentCopyIcon />}>
        {translate(copy === 'copied' ? 'portal.copy.copied' : label)}
      </Button>
      {copy === 'failed' ? <Alert severity="info">{translate('portal.copy.failed')}</Alert> : null}
    </Stack>
  );
};
