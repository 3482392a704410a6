import { useEffect, useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MuiButton from '@mui/material/Button';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import HighlightOffIcon from '@mui/icons-material/HighlightOff';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import { useQueryClient } from '@tanstack/react-query';
import { HttpError, useDataProvider, useNotify, useShowContext, useTranslate } from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { describeFieldValue, FIELD_LABELS, type DemographicChangeRequestCase, type RequestedField } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';
import {
  acceptable,
  acceptAll,
  EMPTY_DRAFT,
  RESOURCE,
  reviewBody,
  reviewProblems,
  sendReview,
  type ChangeField,
  type Decision,
  type Draft,
  type Drafts,
  type ProblemKey,
  type Problems,
} from './review.ts';

/** A refused review: someone reviewed first, or the request changed since it was read. */
interface Conflict {
  message: string;
  /** The request as the server holds it now, when it said so. */
  current: DemographicChangeRequestCase | null;
}

const DECISIONS: Decision[] = ['accept', 'reject'];

const now = (field: RequestedField) => describeFieldValue(field.field, field.current_value);
const requested = (field: RequestedField) => describeFieldValue(field.field, field.requested_value);
const atRequest = (field: RequestedField) => describeFieldValue(field.field, field.value_at_request);

/**
 * Puts the request as the API answered it (after a review, or with a refusal) on the page at
 * once, without a second read of the patient's data, and marks the queue stale.
 */
function useShowCase() {
  const queryClient = useQueryClient();
  return (updated: DemographicChangeRequestCase) => {
    queryClient.setQueryData([RESOURCE, 'getOne', { id: String(updated.id), meta: undefined }], updated);
    void queryClient.invalidateQueries({ queryKey: [RESOURCE, 'getList'] });
  };
}

/** A field's value now beside the value asked for, both in words; the arrow is decoration. */
const ValueChange = ({ field }: { field: RequestedField }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 2, rowGap: 1, mb: 1 }}>
      <Box component="dl" sx={{ m: 0 }}>
        <Typography component="dt" variant="caption" color="text.secondary">
          {translate('portal.demographic_changes.now')}
        </Typography>
        <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
          {now(field)}
        </Typography>
      </Box>
      <ArrowForwardIcon color="action" aria-hidden />
      <Box component="dl" sx={{ m: 0 }}>
        <Typography component="dt" variant="caption" color="text.secondary">
          {translate('portal.demographic_changes.requested')}
        </Typography>
        <Typography component="dd" sx={{ m: 0, fontWeight: 600, overflowWrap: 'anywhere' }}>
          {requested(field)}
        </Typography>
      </Box>
    </Box>
  );
};

/** The flags a reviewer must see before deciding: the record changed since the request, or the value cannot be accepted. */
const FieldNotices = ({ field }: { field: RequestedField }) => {
  const translate = useTranslate();
  return (
    <>
      {field.changed_since_request ? (
        <Alert severity="warning" role="note" sx={{ mb: 1 }}>
          {translate('portal.demographic_changes.changed', { value: atRequest(field) })}
        </Alert>
      ) : null}
      {field.problem ? (
        <Alert severity="error" role="note" sx={{ mb: 1 }}>
          {translate('portal.demographic_changes.problem', { problem: field.problem })}
        </Alert>
      ) : null}
    </>
  );
};

/**
 * One requested field, to decide: its value now and as asked, its flags, Accept or Reject (a
 * reason with a rejection; the acknowledgement to accept a field the record changed in since).
 */
const FieldDecision = ({
  field,
  draft,
  problems,
  onChange,
}: {
  field: RequestedField;
  draft: Draft;
  problems: Problems;
  onChange: (patch: Partial<Draft>) => void;
}) => {
  const translate = useTranslate();
  const name = field.field;
  const label = FIELD_LABELS[name];
  const headingId = `dcr-field-${name}`;
  const decisionProblem = problems[name];
  const reasonProblem = problems[`${name}.reason`];
  const acknowledgeProblem = problems[`${name}.acknowledgeChange`];
  const canAccept = acceptable(field);
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ py: 2, borderTop: 1, borderColor: 'divider' }}>
      <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        {label}
      </Typography>
      <ValueChange field={field} />
      <FieldNotices field={field} />
      <FormControl component="fieldset" error={Boolean(decisionProblem)} sx={{ display: 'block' }}>
        <FormLabel component="legend">{translate('portal.demographic_changes.decision_legend', { field: label })}</FormLabel>
        <RadioGroup row name={`${name}.decision`} value={draft.decision} onChange={(event) => onChange({ decision: event.target.value as Decision })}>
          {DECISIONS.map((choice) => (
            <FormControlLabel
              key={choice}
              value={choice}
              control={<Radio />}
              label={translate(`portal.demographic_changes.${choice}`)}
              disabled={choice === 'accept' && !canAccept}
            />
          ))}
        </RadioGroup>
        {decisionProblem ? <FormHelperText>{decisionProblem}</FormHelperText> : null}
      </FormControl>
      {field.changed_since_request && draft.decision !== 'reject' && canAccept ? (
        <FormControl error={Boolean(acknowledgeProblem)} sx={{ display: 'block', mt: 1 }}>
          <FormControlLabel
            control={
              <Checkbox
                name={`${name}.acknowledgeChange`}
                checked={draft.acknowledged}
                onChange={(event) => onChange({ acknowledged: event.target.checked })}
                slotProps={{ input: { 'aria-describedby': `${headingId}-acknowledge-help` } }}
              />
            }
            label={translate('portal.demographic_changes.acknowledge')}
          />
          <FormHelperText id={`${headingId}-acknowledge-help`} sx={{ mt: 0 }}>
            {acknowledgeProblem ?? translate('portal.demographic_changes.acknowledge_help', { value: now(field) })}
          </FormHelperText>
        </FormControl>
      ) : null}
      {draft.decision === 'reject' ? (
        <TextField
          name={`${name}.reason`}
          label={translate('portal.demographic_changes.reason')}
          helperText={reasonProblem ?? translate('portal.demographic_changes.reason_help')}
          error={Boolean(reasonProblem)}
          value={draft.reason}
          onChange={(event) => onChange({ reason: event.target.value })}
          required
          fullWidth
          multiline
          minRows={2}
          // MUI's error red on the filled field's grey is 4.4:1; its darker red reads at 4.5:1 or more.
          sx={{ mt: 1, '& .MuiFormLabel-root.Mui-error': { color: 'error.dark' } }}
        />
      ) : null}
    </Box>
  );
};

/** The problem keys of one field, to clear them once the reviewer changes that field. */
const keysOf = (field: ChangeField): ProblemKey[] => [field, `${field}.reason`, `${field}.acknowledgeChange`];

/** Moves the keyboard to the first control that needs attention, in the page's order. */
function focusFirst(form: HTMLFormElement | null, fields: readonly RequestedField[], problems: Problems) {
  for (const { field } of fields) {
    const key = keysOf(field).find((candidate) => problems[candidate]);
    if (!key) continue;
    const selector = key === field ? `[name="${field}.decision"]:not(:disabled)` : `[name="${key}"]`;
    form?.querySelector<HTMLElement>(selector)?.focus();
    return;
  }
}

/**
 * The review of a request waiting for one: a decision for every field, sent at once with the
 * version that was read. What the server refuses field by field is shown beside the field; a
 * review someone else sent first is reported by `onConflict`, and nothing is overwritten.
 */
const ReviewForm = ({ record, onConflict }: { record: DemographicChangeRequestCase; onConflict: (conflict: Conflict | null) => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const showCase = useShowCase();
  const { refetch } = useShowContext<DemographicChangeRequestCase>();
  const form = useRef<HTMLFormElement>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fields = record.requested_fields;
  const someUnacceptable = fields.some((field) => !acceptable(field));

  const change = (field: ChangeField, patch: Partial<Draft>) => {
    setDrafts((current) => ({ ...current, [field]: { ...(current[field] ?? EMPTY_DRAFT), ...patch } }));
    setProblems((current) => {
      const next = { ...current };
      for (const key of keysOf(field)) delete next[key];
      return next;
    });
  };

  const acceptEverything = () => {
    setDrafts((current) => acceptAll(fields, current));
    setProblems((current) => {
      const next = { ...current };
      for (const field of fields) if (acceptable(field)) delete next[field.field];
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    onConflict(null);
    const found = reviewProblems(fields, drafts);
    if (Object.keys(found).length) {
      const shown: Problems = {};
      for (const [key, message] of Object.entries(found) as [ProblemKey, string][]) shown[key] = translate(message);
      setProblems(shown);
      setFailure(translate('portal.demographic_changes.fix_first'));
      focusFirst(form.current, fields, shown);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      const updated = await sendReview(dataProvider, record.id, reviewBody(fields, drafts, record.version, record.patient_version));
      notify('portal.demographic_changes.done', { type: 'success' });
      showCase(updated);
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : translate('ra.notification.http_error');
      const body = apiErrorBody(caught);
      if (caught instanceof HttpError && caught.status === 409) {
        const current = (body?.details?.current as DemographicChangeRequestCase | undefined) ?? null;
        onConflict({ message, current });
        if (current) showCase(current);
        else void refetch();
        return;
      }
      const shown: Problems = {};
      for (const [key, fieldMessage] of Object.entries(body?.errors ?? {})) {
        if (key.startsWith('fields.') && typeof fieldMessage === 'string') shown[key.slice('fields.'.length) as ProblemKey] = fieldMessage;
      }
      setProblems(shown);
      setFailure(message);
      focusFirst(form.current, fields, shown);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box component="form" ref={form} onSubmit={submit} noValidate aria-labelledby="dcr-fields-title">
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 2 }}>
        <MuiButton type="button" variant="outlined" startIcon={<DoneAllIcon />} onClick={acceptEverything} disabled={!fields.some(acceptable)}>
          {translate('portal.demographic_changes.accept_all')}
        </MuiButton>
        {someUnacceptable ? (
          <Typography variant="body2" color="text.secondary">
            {translate('portal.demographic_changes.accept_all_skips')}
          </Typography>
        ) : null}
      </Box>
      {fields.map((field) => (
        <FieldDecision
          key={field.field}
          field={field}
          draft={drafts[field.field] ?? EMPTY_DRAFT}
          problems={problems}
          onChange={(patch) => change(field.field, patch)}
        />
      ))}
      <Box sx={{ pt: 2, borderTop: 1, borderColor: 'divider' }}>
        {failure ? (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        ) : null}
        <MuiButton type="submit" variant="contained" disabled={saving}>
          {translate('portal.demographic_changes.submit')}
        </MuiButton>
      </Box>
    </Box>
  );
};

const DECISION_ICONS = {
  pending: { icon: HourglassEmptyIcon, color: 'disabled' },
  accepted: { icon: CheckCircleOutlineIcon, color: 'success' },
  rejected: { icon: HighlightOffIcon, color: 'error' },
} as const;

/** A field's decision in words with its icon: never colour alone. */
const DecisionWords = ({ decision }: { decision: RequestedField['decision'] }) => {
  const translate = useTranslate();
  const { icon: Icon, color } = DECISION_ICONS[decision];
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      <Icon fontSize="small" color={color} aria-hidden />
      {translate(`portal.demographic_changes.decision.${decision}`)}
    </Box>
  );
};

/**
 * The request's fields, read-only: once reviewed, each field as it was when the patient asked,
 * as asked, the decision and the reason the patient read; while waiting (for the privacy office),
 * each field as it is now and as asked, with its flags.
 */
const RecordedFields = ({ record }: { record: DemographicChangeRequestCase }) => {
  const translate = useTranslate();
  const reviewed = record.status === 'reviewed';
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {translate('portal.demographic_changes.field_column')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate(reviewed ? 'portal.demographic_changes.at_request' : 'portal.demographic_changes.now')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('portal.demographic_changes.requested')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('portal.demographic_changes.decision_column')}
            </TableCell>
            {reviewed ? (
              <TableCell component="th" scope="col">
                {translate('portal.demographic_changes.reason_column')}
              </TableCell>
            ) : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {record.requested_fields.map((field) => (
            <TableRow key={field.field}>
              <TableCell component="th" scope="row">
                {FIELD_LABELS[field.field]}
              </TableCell>
              <TableCell>
                {reviewed ? atRequest(field) : now(field)}
                {!reviewed && field.changed_since_request ? (
                  <Typography variant="body2" sx={{ fontWeight: 600, mt: 0.5 }}>
                    {translate('portal.demographic_changes.changed', { value: atRequest(field) })}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>
                {requested(field)}
                {!reviewed && field.problem ? (
                  <Typography variant="body2" sx={{ fontWeight: 600, mt: 0.5 }}>
                    {translate('portal.demographic_changes.problem', { problem: field.problem })}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>
                <DecisionWords decision={field.decision} />
              </TableCell>
              {reviewed ? <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{field.reason ?? '—'}</TableCell> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/**
 * A refused review, where the reviewer's eyes are: another reviewer's decisions when they got
 * there first, or what to do when the request changed since it was read. It takes the keyboard,
 * so screen-reader users hear it at once.
 */
const ConflictNotice = ({ conflict }: { conflict: Conflict }) => {
  const translate = useTranslate();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => notice.current?.focus(), [conflict]);
  const theirs = conflict.current?.status === 'reviewed' ? conflict.current : null;
  return (
    <Alert ref={notice} tabIndex={-1} severity="warning" sx={{ mb: 2 }}>
      <AlertTitle>{translate(theirs ? 'portal.demographic_changes.conflict_title' : 'portal.demographic_changes.stale_title')}</AlertTitle>
      <Typography sx={{ mb: 1 }}>{conflict.message}</Typography>
      {theirs ? (
        <>
          <Typography sx={{ fontWeight: 600 }}>{translate('portal.demographic_changes.their_decisions')}</Typography>
          <Box component="ul" sx={{ m: 0, pl: 3 }}>
            {theirs.requested_fields.map((field) => {
              const words = { field: FIELD_LABELS[field.field], decision: translate(`portal.demographic_changes.decision.${field.decision}`) };
              return (
                <li key={field.field}>
                  {field.reason
                    ? translate('portal.demographic_changes.decided_with_reason', { ...words, reason: field.reason })
                    : translate('portal.demographic_changes.decided', words)}
                </li>
              );
            })}
          </Box>
        </>
      ) : (
        <Typography>{translate('portal.demographic_changes.stale_help')}</Typography>
      )}
    </Alert>
  );
};

/**
 * The requested fields of a request: for a reviewer and a request waiting, the review form; else
 * (reviewed, or read by the privacy office) each field and its decision, read-only.
 */
export const ChangeReview = ({ record, canReview }: { record: DemographicChangeRequestCase; canReview: boolean }) => {
  const translate = useTranslate();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const waiting = record.status === 'submitted';
  return (
    <Card component="section" aria-labelledby="dcr-fields-title">
      <CardContent>
        <Typography id="dcr-fields-title" variant="h6" component="h2" sx={{ mb: 2 }}>
          {translate('portal.demographic_changes.fields_title', { smart_count: record.requested_fields.length })}
        </Typography>
        {conflict ? <ConflictNotice conflict={conflict} /> : null}
        {waiting && canReview ? (
          // Not keyed by version: after a refusal the reviewer's decisions stay, checked against the values as they are now.
          <ReviewForm record={record} onConflict={setConflict} />
        ) : (
          <>
            {waiting ? (
              <Typography color="text.secondary" sx={{ mb: 2 }}>
                {translate('portal.demographic_changes.read_only')}
              </Typography>
            ) : null}
            <RecordedFields record={record} />
          </>
        )}
      </CardContent>
    </Card>
  );
};
