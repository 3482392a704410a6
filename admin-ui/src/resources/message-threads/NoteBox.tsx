import { useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import LockIcon from '@mui/icons-material/Lock';
import { useNotify, useTranslate } from 'react-admin';
import type { MessageThreadDetail } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { useThreadsDataProvider } from './threadCache.ts';
import { MAX_MESSAGE_CHARACTERS as MAX_BODY } from '@portaldesk/admin-api/contract';

const COUNT = new Intl.NumberFormat('en-US');

/**
 * "Add internal note": a note for colleagues, kept with the thread and never shown to the
 * patient. Separate from the reply so a note is never sent by mistake; it does not change the
 * thread's version, so it never crosses a colleague's reply.
 */
export const NoteBox = ({ thread, onAdded }: { thread: MessageThreadDetail; onAdded: (thread: MessageThreadDetail) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useThreadsDataProvider();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setProblem(translate('portal.messages.empty_note'));
    if (text.length > MAX_BODY) return setProblem(translate('portal.messages.note_too_long', { max: COUNT.format(MAX_BODY) }));
    setSaving(true);
    try {
      const { data } = await dataProvider.addThreadNote({ id: thread.id, body: { body: text } });
      setText('');
      setProblem(null);
      onAdded(data);
      notify('portal.messages.note_added', { type: 'success' });
    } catch (caught) {
      const bodyProblem = apiErrorBody(caught)?.errors?.body;
      setProblem(typeof bodyProblem === 'string' ? bodyProblem : caught instanceof Error ? caught.message : translate('ra.notification.http_error'));
    } finally {
      setSaving(false);
    }
  };

  const counter = translate('portal.messages.counter', { count: COUNT.format(text.length), max: COUNT.format(MAX_BODY) });
  return (
    <Box
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="thread-note-title"
      sx={{ display: 'grid', gap: 1.5, p: 2, borderRadius: 1, bgcolor: '#fff4d6', border: '1px dashed #a15c00' }}
    >
      <Typography id="thread-note-title" variant="h6" component="h2" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <LockIcon fontSize="small" aria-hidden />
        {translate('portal.messages.note_title')}
      </Typography>
      <TextField
        name="note"
        label={translate('portal.messages.note_label')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        multiline
        minRows={2}
        maxRows={12}
        fullWidth
        error={Boolean(problem) || text.length > MAX_BODY}
        helperText={problem ? `${problem} · ${counter}` : counter}
        sx={{
          '& .MuiInputBase-root': { bgcolor: 'background.paper' },
          '& .MuiFormLabel-root.Mui-error, & .MuiFormHelperText-root.Mui-error': { color: 'error.dark' },
        }}
      />
      <Box>
        <MuiButton type="submit" variant="outlined" color="inherit" startIcon={<LockIcon />} disabled={saving}>
          {translate('portal.messages.add_note')}
        </MuiButton>
      </Box>
    </Box>
  );
};
