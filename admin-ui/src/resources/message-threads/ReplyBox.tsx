import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import SendIcon from '@mui/icons-material/Send';
import { useQuery } from '@tanstack/react-query';
import { useNotify, useTranslate, type Identifier } from 'react-admin';
import type { FilledSavedReply, MessageThreadDetail, ThreadReplyRequest } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { threadChanged, useThreadsDataProvider, type ThreadChanged } from './threadCache.ts';
import { MAX_MESSAGE_CHARACTERS as MAX_BODY } from '@portaldesk/admin-api/contract';
import { RESOURCE } from './threadWords.ts';

/** How often a draft with text says "I am writing a reply" (the server forgets it after a minute). */
export const DRAFTING_BEAT_MS = 20_000;

type ThenStatus = NonNullable<ThreadReplyRequest['status']>;
const THEN_STATUSES: ThenStatus[] = ['waiting_on_patient', 'open', 'closed'];

/** The thread as it was when the draft began: the reply is sent against it, so a reply that came in meanwhile is not crossed. */
export interface DraftBase {
  version: number;
  messageIds: Identifier[];
}

const COUNT = new Intl.NumberFormat('en-US');

/** A placeholder as the saved reply names it, bare: "balance" for "{{balance}}" or "{{ balance }}". */
const bareName = (placeholder: string) => placeholder.replace(/^\{\{\s*/, '').replace(/\s*\}\}$/, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The unfilled placeholders still written in `text`, as "{{name}}". */
const placeholdersLeft = (text: string, unfilled: readonly string[]) =>
  unfilled.map(bareName).filter((name) => new RegExp(`\\{\\{\\s*${escapeRegExp(name)}\\s*\\}\\}`).test(text));
const asPlaceholders = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(', ');

/**
 * Says "I am writing a reply" while the draft has text, every 20 seconds, and stops saying it
 * when the draft is cleared or sent or the page is left; others see it on the thread.
 */
function useDraftingBeat(threadId: Identifier, writing: boolean) {
  const dataProvider = useThreadsDataProvider();
  const provider = useRef(dataProvider);
  useEffect(() => {
    provider.current = dataProvider;
  }, [dataProvider]);
  useEffect(() => {
    if (!writing) return undefined;
    // A missed beat only means colleagues are not warned for a moment: never an error to show.
    const beat = () => void provider.current.startDrafting({ id: threadId }).catch(() => undefined);
    beat();
    const timer = setInterval(beat, DRAFTING_BEAT_MS);
    return () => {
      clearInterval(timer);
      void provider.current.stopDrafting({ id: threadId }).catch(() => undefined);
    };
  }, [threadId, writing]);
}

/** "Insert saved reply": the team's saved replies, already filled in for this thread, to start the reply from. */
const SavedReplyMenu = ({ threadId, onPick }: { threadId: Identifier; onPick: (reply: FilledSavedReply) => void }) => {
  const translate = useTranslate();
  const dataProvider = useThreadsDataProvider();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { data, error, isPending } = useQuery({
    queryKey: [RESOURCE, String(threadId), 'saved-replies'],
    queryFn: () => dataProvider.threadSavedReplies({ id: threadId }).then(({ data: replies }) => replies),
    enabled: anchor !== null,
  });
  const pick = (reply: FilledSavedReply) => {
    setAnchor(null);
    onPick(reply);
  };
  return (
    <>
      <MuiButton
        variant="outlined"
        endIcon={<ArrowDropDownIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? 'saved-reply-menu' : undefined}
      >
        {translate('portal.messages.insert_saved')}
      </MuiButton>
      {/* Rendered in place rather than at the end of the page, so it stays within the main landmark. */}
      <Menu id="saved-reply-menu" anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} disablePortal>
        {error ? (
          <MenuItem disabled>{translate('portal.messages.saved_failed', { message: error instanceof Error ? error.message : '' })}</MenuItem>
        ) : isPending ? (
          <MenuItem disabled>{translate('portal.messages.saved_loading')}</MenuItem>
        ) : data.length === 0 ? (
          <MenuItem disabled>{translate('portal.messages.saved_none')}</MenuItem>
        ) : (
          data.map((reply) => (
            <MenuItem key={reply.id} onClick={() => pick(reply)} sx={{ maxWidth: 480 }}>
              <ListItemText
                primary={reply.title}
                secondary={reply.body}
                slotProps={{ secondary: { noWrap: true, component: 'span', sx: { display: 'block' } } }}
              />
            </MenuItem>
          ))
        )}
      </Menu>
    </>
  );
};

/**
 * The reply to the patient: plain text up to 10,000 characters (Ctrl+Enter sends), started from a
 * saved reply if wanted, with what the thread becomes after it (waiting on the patient unless
 * chosen otherwise). It is sent against the thread as it was when the draft began: if a colleague
 * replied or changed the thread meanwhile the server refuses it, `onConflict` shows theirs, and
 * the draft stays here to send again once read.
 */
export const ReplyBox = ({
  thread,
  base,
  onBase,
  onConflict,
  onSent,
}: {
  thread: MessageThreadDetail;
  base: DraftBase | null;
  onBase: (base: DraftBase | null) => void;
  onConflict: (conflict: ThreadChanged) => void;
  onSent: (thread: MessageThreadDetail) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useThreadsDataProvider();
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [savedReplyId, setSavedReplyId] = useState<number | null>(null);
  const [unfilled, setUnfilled] = useState<string[]>([]);
  const [thenStatus, setThenStatus] = useState<ThenStatus>('waiting_on_patient');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const writing = text.trim().length > 0;
  useDraftingBeat(thread.id, writing);

  const write = (next: string) => {
    setText(next);
    setProblem(null);
    if (!next) {
      onBase(null);
      setSavedReplyId(null);
      setUnfilled([]);
    } else if (!text && !base) {
      onBase({ version: thread.version, messageIds: thread.messages.map((message) => message.id) });
    }
  };

  const insert = (reply: FilledSavedReply) => {
    const at = input.current?.selectionStart ?? text.length;
    write(text ? `${text.slice(0, at)}${reply.body}${text.slice(at)}` : reply.body);
    setSavedReplyId(reply.id);
    setUnfilled(reply.unfilled);
    input.current?.focus();
  };

  const left = placeholdersLeft(text, unfilled);
  const tooLong = text.length > MAX_BODY;

  const send = async () => {
    if (sending) return;
    if (!writing) return setProblem(translate('portal.messages.empty_reply'));
    if (tooLong) return setProblem(translate('portal.messages.too_long', { max: COUNT.format(MAX_BODY) }));
    if (left.length) return setProblem(translate('portal.messages.unfilled_block', { names: asPlaceholders(left) }));
    setSending(true);
    try {
      const body: ThreadReplyRequest = { body: text, version: base?.version ?? thread.version, status: thenStatus };
      if (savedReplyId !== null) body.saved_reply_id = savedReplyId;
      const { data } = await dataProvider.replyToThread({ id: thread.id, body });
      setText('');
      setSavedReplyId(null);
      setUnfilled([]);
      setThenStatus('waiting_on_patient');
      onBase(null);
      onSent(data);
      notify('portal.messages.sent', { type: 'success' });
    } catch (caught) {
      const changed = threadChanged(caught);
      if (changed) {
        onConflict(changed);
        return;
      }
      const bodyProblem = apiErrorBody(caught)?.errors?.body;
      setProblem(typeof bodyProblem === 'string' ? bodyProblem : caught instanceof Error ? caught.message : translate('ra.notification.http_error'));
    } finally {
      setSending(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  const keyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const counter = translate('portal.messages.counter', { count: COUNT.format(text.length), max: COUNT.format(MAX_BODY) });
  return (
    <Box component="form" onSubmit={submit} noValidate aria-labelledby="thread-reply-title" sx={{ display: 'grid', gap: 1.5 }}>
      <Typography id="thread-reply-title" variant="h6" component="h2">
        {translate('portal.messages.reply_title')}
      </Typography>
      <Box>
        <SavedReplyMenu threadId={thread.id} onPick={insert} />
      </Box>
      <TextField
        inputRef={input}
        name="reply"
        label={translate('portal.messages.reply_label')}
        value={text}
        onChange={(event) => write(event.target.value)}
        onKeyDown={keyDown}
        multiline
        minRows={5}
        maxRows={20}
        fullWidth
        error={Boolean(problem) || tooLong}
        helperText={problem ? `${problem} · ${counter}` : `${counter} ${translate('portal.messages.counter_help')}`}
        // MUI's error red on the filled field's grey is 4.4:1; its darker red reads at 4.5:1 or more.
        sx={{ '& .MuiFormLabel-root.Mui-error, & .MuiFormHelperText-root.Mui-error': { color: 'error.dark' } }}
      />
      {left.length ? (
        <Alert severity="warning" role="note">
          {translate('portal.messages.unfilled', { names: asPlaceholders(left) })}
        </Alert>
      ) : null}
      <FormControl component="fieldset">
        <FormLabel component="legend">{translate('portal.messages.then_status')}</FormLabel>
        <RadioGroup row name="then_status" value={thenStatus} onChange={(event) => setThenStatus(event.target.value as ThenStatus)}>
          {THEN_STATUSES.map((status) => (
            <FormControlLabel key={status} value={status} control={<Radio />} label={translate(`portal.messages.then.${status}`)} />
          ))}
        </RadioGroup>
      </FormControl>
      <Box>
        <MuiButton type="submit" variant="contained" startIcon={<SendIcon />} disabled={sending}>
          {translate('portal.messages.send')}
        </MuiButton>
      </Box>
    </Box>
  );
};
