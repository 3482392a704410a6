import { useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MuiButton from '@mui/material/Button';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import CheckBoxIcon from '@mui/icons-material/CheckBoxOutlined';
import CheckBoxBlankIcon from '@mui/icons-material/CheckBoxOutlineBlank';
import RefreshIcon from '@mui/icons-material/Refresh';
import { useQueryClient } from '@tanstack/react-query';
import { Button, HttpError, useDataProvider, useNotify, useShowContext, useTranslate } from 'react-admin';
import type { ProxyDecisionRequest, ProxyRequestCase } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { TypedDateField, typedFormOf, useDateReader } from '../../components/TypedDateField.tsx';
import { dateInWords, todayIn } from '../../components/typed-date.ts';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { isOpen, workingTime } from './proxyWords.ts';

const RESOURCE = 'proxy-requests';

type Decision = ProxyDecisionRequest['decision'];
type AccessLevel = NonNullable<ProxyDecisionRequest['accessLevel']>;
type Checklist = NonNullable<ProxyDecisionRequest['checklist']>;

const DECISIONS: Decision[] = ['approve', 'deny', 'more_info'];
const ACCESS_LEVELS: AccessLevel[] = ['full', 'limited'];
const CHECKS: (keyof Checklist)[] = ['relationshipProven', 'signedAndDated', 'notExpired'];
const NOTHING_CHECKED: Checklist = { relationshipProven: false, signedAndDated: false, notExpired: false };
/** As the API: a reason or question of fewer letters says nothing to the requester. */
const TEXT_MIN_LENGTH = 3;

/** The fields a decision's problems are shown under, by the API's names. */
type FieldName = 'checklist' | 'decision' | 'accessLevel' | 'startsOn' | 'endsOn' | 'reason';
type FieldErrors = Partial<Record<FieldName, string>>;
const FIELD_NAMES: FieldName[] = ['checklist', 'decision', 'accessLevel', 'startsOn', 'endsOn', 'reason'];

/**
 * Puts the request as the API answered it after a take or a decision on the page at once (no
 * second read of the patient's data), and marks the queue stale.
 */
function useShowCase() {
  const queryClient = useQueryClient();
  return (updated: ProxyRequestCase) => {
    queryClient.setQueryData([RESOURCE, 'getOne', { id: String(updated.id), meta: undefined }], updated);
    void queryClient.invalidateQueries({ queryKey: [RESOURCE, 'getList'] });
  };
}

/** "Take": the signed-in reviewer becomes the assignee of an open, unassigned request. */
export const TakeButton = ({ record }: { record: ProxyRequestCase }) => {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const showCase = useShowCase();
  const [taking, setTaking] = useState(false);
  const take = async () => {
    setTaking(true);
    try {
      const { data } = await dataProvider.takeProxyRequest({ id: record.id, version: record.version });
      showCase(data);
      notify('portal.proxy.taken', { type: 'success' });
    } catch (caught) {
      notify(caught instanceof Error ? caught.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setTaking(false);
    }
  };
  return (
    <Button label="portal.proxy.take" onClick={take} disabled={taking} variant="outlined" size="small" sx={{ ml: 1 }}>
      <AssignmentIndIcon />
    </Button>
  );
};

/** The checklist as recorded, read-only: each item with "Checked" or "Not checked" in words. */
const RecordedChecklist = ({ checklist }: { checklist: Checklist | null }) => {
  const translate = useTranslate();
  if (!checklist) return <Typography>{translate('portal.proxy.checklist_none')}</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', display: 'grid', gap: 0.5 }}>
      {CHECKS.map((check) => (
        <Box component="li" key={check} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          {checklist[check] ? <CheckBoxIcon color="success" aria-hidden /> : <CheckBoxBlankIcon color="disabled" aria-hidden />}
          <span>
            {translate(`portal.proxy.checklist.${check}`)}: {translate(checklist[check] ? 'portal.proxy.checked' : 'portal.proxy.not_checked')}
          </span>
        </Box>
      ))}
    </Box>
  );
};

/** What was decided, by whom and when, what the requester reads, and the access an approval created. */
const DecisionSummary = ({ record }: { record: ProxyRequestCase }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const status = translate(`portal.proxy.status.${record.status}`);
  const access = record.created_relationship;
  return (
    <DetailSection title="portal.proxy.decision_title">
      <Detail label="resources.proxy-requests.fields.decision">
        {record.decided_at
          ? translate('portal.proxy.decided_by', {
              status,
              when: formatDateTime(record.decided_at, timeZone),
              name: record.decided_by_name ?? translate('portal.proxy.someone'),
            })
          : status}
      </Detail>
      {record.status === 'denied' ? <Detail label="portal.proxy.denial_reason">{record.decision_reason}</Detail> : null}
      {record.status === 'approved' && record.decision_reason ? <Detail label="portal.proxy.approval_note">{record.decision_reason}</Detail> : null}
      {access ? (
        <Detail label="portal.proxy.relationship_created">
          {translate(access.ends_on ? 'portal.proxy.access_from' : 'portal.proxy.access_from_open_ended', {
            level: translate(`portal.proxy.access_level.${access.access_level}`),
            starts: dateInWords(access.starts_on),
            ends: access.ends_on ? dateInWords(access.ends_on) : '',
          })}
        </Detail>
      ) : null}
    </DetailSection>
  );
};

/** While ROI waits on the requester: the question asked, and the working time left on the paused clock. */
const QuestionAsked = ({ record }: { record: ProxyRequestCase }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (record.status !== 'more_info_requested') return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }}>
      <Typography sx={{ fontWeight: 600 }}>
        {record.question_asked_at && record.assignee_name
          ? translate('portal.proxy.question_asked_by', { who: record.assignee_name, when: formatDateTime(record.question_asked_at, timeZone) })
          : translate('portal.proxy.question_asked')}
      </Typography>
      <Typography sx={{ whiteSpace: 'pre-wrap', mb: record.business_minutes_left === null ? 0 : 1 }}>{record.question}</Typography>
      {record.business_minutes_left === null ? null : (
        <Typography variant="body2">{translate('portal.proxy.clock_paused', { time: workingTime(translate, record.business_minutes_left) })}</Typography>
      )}
    </Alert>
  );
};

/** A failure to show above the decision: a conflict offers to reload what the other reviewer did. */
interface Failure {
  message: string;
  conflict: boolean;
}

/**
 * The checklist and the decision of an open request, for a reviewer who may decide: approve
 * (access level, start, optional end), deny (a reason the requester reads) or ask for more
 * information (a question; the clock pauses). Sends the version that was read: a reviewer who
 * decided first wins, and the second is told who, with a Reload button; nothing is overwritten.
 */
const DecisionForm = ({ record }: { record: ProxyRequestCase }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const showCase = useShowCase();
  const { refetch } = useShowContext<ProxyRequestCase>();
  const timeZone = useOrganizationTimeZone();
  const readDate = useDateReader();
  const form = useRef<HTMLFormElement>(null);
  const [checklist, setChecklist] = useState<Checklist>(record.checklist ?? NOTHING_CHECKED);
  const [decision, setDecision] = useState<Decision | ''>('');
  const [accessLevel, setAccessLevel] = useState<AccessLevel | ''>('');
  // Null until typed: the start shows (and means) today in the organization's zone.
  const [startsText, setStartsText] = useState<string | null>(null);
  const [endsText, setEndsText] = useState('');
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saving, setSaving] = useState(false);

  const startsShown = startsText ?? typedFormOf(todayIn(timeZone));
  const allChecked = CHECKS.every((check) => checklist[check]);

  /** The body to send, or the problems to fix first. */
  const prepare = (): { body: ProxyDecisionRequest } | { problems: FieldErrors } => {
    if (!decision) return { problems: { decision: translate('portal.proxy.pick_decision') } };
    if (decision !== 'approve') {
      const text = (decision === 'deny' ? reason : question).trim();
      if (text.length < TEXT_MIN_LENGTH) return { problems: { reason: translate('portal.proxy.text_required') } };
      return { body: { decision, reason: text, checklist, version: record.version } };
    }
    const problems: FieldErrors = {};
    if (!accessLevel) problems.accessLevel = translate('portal.proxy.access_required');
    const starts = readDate(startsShown);
    const ends = readDate(endsText);
    if (starts.kind === 'invalid') problems.startsOn = starts.problem;
    if (ends.kind === 'invalid') problems.endsOn = ends.problem;
    if (starts.kind === 'date' && ends.kind === 'date' && ends.iso < starts.iso) problems.endsOn = translate('portal.proxy.ends_before_start');
    if (Object.keys(problems).length || !accessLevel) return { problems };
    return {
      body: {
        decision,
        accessLevel,
        ...(starts.kind === 'date' ? { startsOn: starts.iso } : {}),
        ...(ends.kind === 'date' ? { endsOn: ends.iso } : {}),
        checklist,
        version: record.version,
      },
    };
  };

  /** Moves the keyboard to the first field that needs attention. */
  const focusFirst = (problems: FieldErrors) => {
    const first = FIELD_NAMES.find((name) => problems[name]);
    // The checklist's first unticked box stands for the checklist.
    const selector = first === 'checklist' ? CHECKS.filter((check) => !checklist[check]).map((check) => `[name="${check}"]`)[0] : `[name="${first}"]`;
    if (selector) form.current?.querySelector<HTMLElement>(selector)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const prepared = prepare();
    if ('problems' in prepared) {
      setErrors(prepared.problems);
      focusFirst(prepared.problems);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const { data } = await dataProvider.decideProxyRequest({ id: record.id, body: prepared.body });
      notify(`portal.proxy.done.${prepared.body.decision}`, { type: 'success' });
      showCase(data);
    } catch (caught) {
      const status = caught instanceof HttpError ? caught.status : 0;
      const message = caught instanceof Error ? caught.message : translate('ra.notification.http_error');
      const fieldErrors = apiErrorBody(caught)?.errors ?? {};
      const shownUnder: FieldErrors = {};
      for (const name of FIELD_NAMES) {
        const fieldError = fieldErrors[name];
        if (typeof fieldError === 'string') shownUnder[name] = fieldError;
      }
      setErrors(shownUnder);
      setFailure({ message, conflict: status === 409 });
    } finally {
      setSaving(false);
    }
  };

  const reload = () => {
    setFailure(null);
    void refetch();
  };

  return (
    <Box component="form" ref={form} onSubmit={submit} noValidate aria-labelledby="proxy-decision-title">
      <Card component="section" aria-labelledby="proxy-checklist-title" sx={{ mb: 2 }}>
        <CardContent>
          <Typography id="proxy-checklist-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
            {translate('portal.proxy.checklist_title')}
          </Typography>
          <FormControl component="fieldset">
            <FormLabel component="legend" sx={{ mb: 0.5 }}>
              {translate('portal.proxy.checklist_legend')}
            </FormLabel>
            <FormGroup>
              {CHECKS.map((check) => (
                <FormControlLabel
                  key={check}
                  control={
                    <Checkbox
                      name={check}
                      checked={checklist[check]}
                      onChange={(event) => setChecklist((current) => ({ ...current, [check]: event.target.checked }))}
                    />
                  }
                  label={translate(`portal.proxy.checklist.${check}`)}
                />
              ))}
            </FormGroup>
          </FormControl>
        </CardContent>
      </Card>

      <Card component="section" aria-labelledby="proxy-decision-title">
        <CardContent>
          <Typography id="proxy-decision-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
            {translate('portal.proxy.decision_title')}
          </Typography>
          {failure ? (
            <Alert
              severity="error"
              sx={{ mb: 2 }}
              action={
                failure.conflict ? (
                  <MuiButton color="inherit" size="small" startIcon={<RefreshIcon />} onClick={reload}>
                    {translate('portal.proxy.reload')}
                  </MuiButton>
                ) : undefined
              }
            >
              {failure.message}
            </Alert>
          ) : null}
          <FormControl component="fieldset" error={Boolean(errors.decision)} sx={{ mb: 2 }}>
            <FormLabel component="legend">{translate('portal.proxy.decision_legend')}</FormLabel>
            <RadioGroup
              row
              name="decision"
              value={decision}
              onChange={(event) => {
                setDecision(event.target.value as Decision);
                setErrors({});
              }}
            >
              {DECISIONS.map((choice) => (
                <FormControlLabel key={choice} value={choice} control={<Radio />} label={translate(`portal.proxy.decision.${choice}`)} />
              ))}
            </RadioGroup>
            {errors.decision ? <FormHelperText>{errors.decision}</FormHelperText> : null}
          </FormControl>

          {decision === 'approve' ? (
            <Box sx={{ display: 'grid', gap: 2, mb: 2 }}>
              <FormControl component="fieldset" error={Boolean(errors.accessLevel)}>
                <FormLabel component="legend">{translate('portal.proxy.access_level_legend')}</FormLabel>
                <RadioGroup name="accessLevel" value={accessLevel} onChange={(event) => setAccessLevel(event.target.value as AccessLevel)}>
                  {ACCESS_LEVELS.map((level) => (
                    <FormControlLabel key={level} value={level} control={<Radio />} label={translate(`portal.proxy.access_level.${level}`)} />
                  ))}
                </RadioGroup>
                {errors.accessLevel ? <FormHelperText>{errors.accessLevel}</FormHelperText> : null}
              </FormControl>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
                <TypedDateField
                  name="startsOn"
                  label={translate('portal.proxy.starts_on')}
                  text={startsShown}
                  onTextChange={setStartsText}
                  error={errors.startsOn ?? null}
                  helperText={translate('portal.proxy.starts_on_help')}
                  minWidth={200}
                />
                <TypedDateField
                  name="endsOn"
                  label={translate('portal.proxy.ends_on')}
                  text={endsText}
                  onTextChange={setEndsText}
                  error={errors.endsOn ?? null}
                  helperText={translate('portal.proxy.ends_on_help')}
                  minWidth={320}
                />
              </Box>
              {allChecked ? null : <Alert severity="warning">{translate('portal.proxy.unticked')}</Alert>}
            </Box>
          ) : null}

          {decision === 'deny' || decision === 'more_info' ? (
            <TextField
              key={decision}
              name="reason"
              label={translate(decision === 'deny' ? 'portal.proxy.reason' : 'portal.proxy.question')}
              helperText={errors.reason ?? translate(decision === 'deny' ? 'portal.proxy.reason_help' : 'portal.proxy.question_help')}
              error={Boolean(errors.reason)}
              value={decision === 'deny' ? reason : question}
              onChange={(event) => (decision === 'deny' ? setReason : setQuestion)(event.target.value)}
              required
              fullWidth
              multiline
              minRows={3}
              // MUI's error red on the filled field's grey is 4.4:1; its darker red reads at 4.5:1 or more.
              sx={{ mb: 2, '& .MuiFormLabel-root.Mui-error': { color: 'error.dark' } }}
            />
          ) : null}

          <MuiButton type="submit" variant="contained" color={decision === 'deny' ? 'error' : 'primary'} disabled={saving}>
            {translate(decision ? `portal.proxy.submit.${decision}` : 'portal.proxy.submit.none')}
          </MuiButton>
        </CardContent>
      </Card>
    </Box>
  );
};

/**
 * The decision part of a request's page: for a reviewer who may decide an open request, the
 * checklist and the decision form; otherwise (decided, or read by the privacy office) what was
 * checked and decided, read-only.
 */
export const ProxyDecision = ({ record, canDecide }: { record: ProxyRequestCase; canDecide: boolean }) => {
  const translate = useTranslate();
  const open = isOpen(record.status);
  return (
    <>
      <QuestionAsked record={record} />
      {open && canDecide ? (
        // A new version (taken, asked, reloaded) starts the form afresh from what the server holds.
        <DecisionForm key={record.version} record={record} />
      ) : (
        <Card component="section" aria-labelledby="proxy-checklist-title">
          <CardContent>
            <Typography id="proxy-checklist-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
              {translate('portal.proxy.checklist_title')}
            </Typography>
            <Box sx={{ mb: 3 }}>
              <RecordedChecklist checklist={record.checklist} />
            </Box>
            {open ? <Typography color="text.secondary">{translate('portal.proxy.read_only')}</Typography> : <DecisionSummary record={record} />}
          </CardContent>
        </Card>
      )}
    </>
  );
};
