import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import LockIcon from '@mui/icons-material/Lock';
import { useTranslate, type Identifier } from 'react-admin';
import type { MessageThreadDetail } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';

type ThreadMessage = MessageThreadDetail['messages'][number];
type Kind = ThreadMessage['kind'];

/**
 * How each kind of message looks: the patient's on the left, staff replies on the right in blue,
 * internal notes in amber with a dashed edge and a lock, named as notes in words as well.
 */
const LOOK: Record<Kind, object> = {
  patient: { bgcolor: 'background.paper', border: '1px solid', borderColor: 'divider', mr: { sm: 8 } },
  staff_reply: { bgcolor: '#eaf2fb', border: '1px solid #9bbce0', ml: { sm: 8 } },
  internal_note: { bgcolor: '#fff4d6', border: '1px dashed #a15c00', ml: { sm: 8 } },
};
/** A message that arrived while the reader was writing: a thick orange outline and "New while you were writing". */
const HIGHLIGHT = { outline: '3px solid #e65100', outlineOffset: 2 };

/** Who wrote it, as its heading says. */
function authorLine(translate: ReturnType<typeof useTranslate>, message: ThreadMessage, patientName: string): string {
  if (message.kind === 'patient') return translate('portal.messages.message.patient', { name: patientName });
  if (message.kind === 'internal_note') return translate('portal.messages.message.internal_note');
  return translate('portal.messages.message.staff_reply', { name: message.author?.name ?? translate('portal.messages.message.staff') });
}

/**
 * One message. Its body is the patient's or a colleague's plain text: it is shown as React text
 * (line breaks and tabs kept with pre-wrap), never parsed as HTML, whatever it contains.
 */
const Message = ({ message, patientName, highlighted }: { message: ThreadMessage; patientName: string; highlighted: boolean }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const headingId = `thread-message-${message.id}`;
  const note = message.kind === 'internal_note';
  return (
    <Box
      component="article"
      aria-labelledby={headingId}
      data-kind={message.kind}
      sx={{ p: 2, borderRadius: 1, ...LOOK[message.kind], ...(highlighted ? HIGHLIGHT : {}) }}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: 1, mb: 1 }}>
        {note ? <LockIcon fontSize="small" sx={{ alignSelf: 'center', color: '#7a4500' }} aria-hidden /> : null}
        <Typography id={headingId} component="h3" variant="subtitle2" sx={{ fontWeight: 700, color: note ? '#7a4500' : 'text.primary' }}>
          {authorLine(translate, message, patientName)}
        </Typography>
        <Typography component="span" variant="body2" color="text.secondary">
          {note && message.author ? `${translate('portal.messages.message.note_by', { name: message.author.name })} · ` : null}
          <time dateTime={message.created_at}>{formatDateTime(message.created_at, timeZone)}</time>
        </Typography>
        {highlighted ? <Chip size="small" color="warning" label={translate('portal.messages.message.new')} /> : null}
      </Box>
      <Typography component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', tabSize: 4 }}>
        {message.body}
      </Typography>
    </Box>
  );
};

/** The thread's messages in the order they were written: the patient's, staff replies and internal notes. */
export const Conversation = ({ thread, highlighted }: { thread: MessageThreadDetail; highlighted: readonly Identifier[] }) => {
  const translate = useTranslate();
  return (
    <Box component="section" aria-labelledby="thread-conversation-title">
      <Typography id="thread-conversation-title" variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('portal.messages.conversation_title')}
      </Typography>
      {thread.messages.length ? (
        <Box sx={{ display: 'grid', gap: 2 }}>
          {thread.messages.map((message) => (
            <Message key={message.id} message={message} patientName={thread.patient_name} highlighted={highlighted.includes(message.id)} />
          ))}
        </Box>
      ) : (
        <Typography color="text.secondary">{translate('portal.messages.no_messages')}</Typography>
      )}
    </Box>
  );
};
