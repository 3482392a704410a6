import { useEffect, useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import MuiButton from '@mui/material/Button';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import { Button, useCanAccess, useDataProvider, useGetIdentity, useNotify, useRefresh, useTranslate, type TranslateFunction } from 'react-admin';
import type { PlaceResultHold } from '@portaldesk/admin-api/contract';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { TypedDateField, useDateReader } from '../../components/TypedDateField.tsx';
import type { TypedDate } from '../../components/typed-date.ts';
import { addMessages } from '../../i18n.ts';
import { actionFailure, failureNotice, HARM_TYPES, HOLD_BASES, reasonProblem, type ActionFailure, type HarmType, type HoldBasis } from './labResult.ts';
import { resultsMessages } from './messages.ts';

addMessages(resultsMessages);

/** What the clinician has filled in so far; dates as typed. */
interface HoldDraft {
  basis: HoldBasis | null;
  requestedOn: string;
  endsWhen: 'date' | 'patient_asks';
  until: string;
  harmType: HarmType | '';
  reviewBy: string;
  reason: string;
}

/** The dialog's fields, named as the API names them in the body, so its field errors land on them. */
type HoldField = 'basis' | 'requestedOn' | 'until' | 'untilPatientAsks' | 'harmType' | 'reviewBy' | 'reason';
type Problems = Partial<Record<HoldField, string>>;

const EMPTY_DRAFT: HoldDraft = { basis: null, requestedOn: '', endsWhen: 'date', until: '', harmType: '', reviewBy: '', reason: '' };

/** The fields a basis asks for: only those are shown, sent, and blamed. */
const FIELDS_OF: Record<HoldBasis | 'none', readonly HoldField[]> = {
  none: ['basis', 'reason'],
  patient_request: ['basis', 'requestedOn', 'until', 'untilPatientAsks', 'reason'],
  preventing_harm: ['basis', 'harmType', 'reviewBy', 'reason'],
  state_law: ['basis', 'reason'],
};

/**
 * The hold as the API takes it, or what is missing. Only the chosen basis's fields are sent, even
 * when another basis was filled in first, so a hold records nothing its basis did not ask for.
 */
function readHold(
  draft: HoldDraft,
  resultIds: number[],
  readDate: (text: string) => TypedDate,
  translate: TranslateFunction,
): { body: PlaceResultHold; problems?: never } | { body?: never; problems: Problems } {
  const problems: Problems = {};
  const date = (field: 'requestedOn' | 'until' | 'reviewBy') => {
    const reading = readDate(draft[field]);
    if (reading.kind === 'date') return reading.iso;
    problems[field] = reading.kind === 'empty' ? translate('portal.results.hold.date_required') : reading.problem;
    return undefined;
  };
  const reasonKey = reasonProblem(draft.reason);
  if (reasonKey) problems.reason = translate(reasonKey);
  const common = { resultIds, reason: draft.reason.trim() };
  let body: PlaceResultHold | undefined;
  switch (draft.basis) {
    case null:
      problems.basis = translate('portal.results.hold.basis_required');
      break;
    case 'patient_request': {
      const requestedOn = date('requestedOn');
      const until = draft.endsWhen === 'date' ? date('until') : undefined;
      body = { ...common, basis: 'patient_request', requestedOn, ...(draft.endsWhen === 'date' ? { until } : { untilPatientAsks: true }) };
      break;
    }
    case 'preventing_harm': {
      if (!draft.harmType) problems.harmType = translate('portal.results.hold.harm_type_required');
      const reviewBy = date('reviewBy');
      body = { ...common, basis: 'preventing_harm', harmType: draft.harmType || undefined, reviewBy };
      break;
    }
    case 'state_law':
      body = { ...common, basis: 'state_law' };
  }
  return Object.keys(problems).length || !body ? { problems } : { body };
}

/** A labelled group of radio buttons, each with a line of help under it. */
const BasisChoice = ({ value, error, onChange }: { value: HoldBasis | null; error?: string; onChange: (basis: HoldBasis) => void }) => {
  const translate = useTranslate();
  return (
    <FormControl error={Boolean(error)} required>
      <FormLabel id="hold-basis-label">{translate('portal.results.hold.basis')}</FormLabel>
      <RadioGroup aria-labelledby="hold-basis-label" name="basis" value={value ?? ''} onChange={(event) => onChange(event.target.value as HoldBasis)}>
        {HOLD_BASES.map((basis, index) => (
          <Box key={basis} sx={{ mb: 1 }}>
            <FormControlLabel
              value={basis}
              control={
                <Radio autoFocus={index === 0} slotProps={{ input: { 'aria-describedby': `hold-basis-${basis}-help`, 'aria-invalid': Boolean(error) } }} />
              }
              label={translate(`portal.results.hold.basis_label.${basis}`)}
            />
            <Typography id={`hold-basis-${basis}-help`} variant="body2" color="text.secondary" sx={{ pl: 4, mt: -0.5 }}>
              {translate(`portal.results.hold.basis_help.${basis}`)}
            </Typography>
          </Box>
        ))}
      </RadioGroup>
      {error ? <FormHelperText>{error}</FormHelperText> : null}
    </FormControl>
  );
};

/**
 * Holds the chosen results on a legal basis, asking only for what that basis needs: a patient's
 * request its date and end, preventing harm the type of harm and a review-by date, state law
 * nothing more (the category carries the rule). The server records who decided: the signed-in
 * clinician. Its field messages (a review date too far ahead) show on their fields.
 */
const HoldDialog = ({ resultIds, onClose, onHeld }: { resultIds: number[]; onClose: () => void; onHeld: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const readDate = useDateReader();
  const { identity } = useGetIdentity();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<HoldDraft>(EMPTY_DRAFT);
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [saving, setSaving] = useState(false);
  // Counts refused submissions, so that each one moves the focus to the first field to fix.
  const [refusals, setRefusals] = useState(0);
  const fields = FIELDS_OF[draft.basis ?? 'none'];
  const notice = failureNotice(failure, fields);

  useEffect(() => {
    if (refusals) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const change = (patch: Partial<HoldDraft>, ...cleared: HoldField[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    setProblems((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !cleared.includes(field as HoldField))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const hold = readHold(draft, resultIds, readDate, translate);
    setFailure(null);
    if (hold.problems) {
      setProblems(hold.problems);
      setRefusals((count) => count + 1);
      return;
    }
    setSaving(true);
    try {
      const { data } = await dataProvider.placeResultHold({ body: hold.body });
      if (data.extended.length) {
        notify('portal.results.hold.done_extended', { type: 'success', messageArgs: { placed: data.placed.length, extended: data.extended.length } });
      } else {
        notify('portal.results.hold.done', { type: 'success', messageArgs: { smart_count: data.placed.length } });
      }
      refresh();
      onHeld();
    } catch (error) {
      const refused = actionFailure(error);
      if (refused.conflict) refresh();
      setFailure(refused);
      setProblems(Object.fromEntries(Object.entries(refused.fields).filter(([field]) => fields.includes(field as HoldField))));
      setRefusals((count) => count + 1);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="hold-results-title" maxWidth="sm" fullWidth>
      <form ref={form} onSubmit={submit} noValidate>
        <DialogTitle id="hold-results-title">{translate('portal.results.hold.title', { smart_count: resultIds.length })}</DialogTitle>
        <DialogContent>
          {notice ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {notice}
              {failure?.conflict ? ` ${translate('portal.results.conflict_refreshed')}` : null}
            </Alert>
          ) : null}
          <Typography sx={{ mb: 2 }}>{translate('portal.results.hold.intro')}</Typography>
          <Stack spacing={2.5}>
            <BasisChoice value={draft.basis} error={problems.basis} onChange={(basis) => change({ basis }, 'basis')} />

            {draft.basis === 'patient_request' ? (
              <>
                <TypedDateField
                  name="requestedOn"
                  label={translate('portal.results.hold.requested_on')}
                  text={draft.requestedOn}
                  onTextChange={(requestedOn) => change({ requestedOn }, 'requestedOn')}
                  error={problems.requestedOn}
                  required
                />
                <FormControl error={Boolean(problems.untilPatientAsks)}>
                  <FormLabel id="hold-ends-label">{translate('portal.results.hold.ends')}</FormLabel>
                  <RadioGroup
                    row
                    aria-labelledby="hold-ends-label"
                    name="endsWhen"
                    value={draft.endsWhen}
                    onChange={(event) => change({ endsWhen: event.target.value as HoldDraft['endsWhen'] }, 'until', 'untilPatientAsks')}
                  >
                    <FormControlLabel value="date" control={<Radio />} label={translate('portal.results.hold.ends_on_date')} />
                    <FormControlLabel value="patient_asks" control={<Radio />} label={translate('portal.results.hold.ends_when_asked')} />
                  </RadioGroup>
                  {problems.untilPatientAsks ? <FormHelperText>{problems.untilPatientAsks}</FormHelperText> : null}
                </FormControl>
                {draft.endsWhen === 'date' ? (
                  <TypedDateField
                    name="until"
                    label={translate('portal.results.hold.until')}
                    text={draft.until}
                    onTextChange={(until) => change({ until }, 'until')}
                    error={problems.until}
                    helperText={translate('portal.results.hold.until_help')}
                    required
                  />
                ) : null}
              </>
            ) : null}

            {draft.basis === 'preventing_harm' ? (
              <>
                <TextField
                  select
                  id="hold-harm-type"
                  name="harmType"
                  variant="outlined"
                  label={translate('portal.results.hold.harm_type')}
                  value={draft.harmType}
                  onChange={(event) => change({ harmType: event.target.value as HarmType }, 'harmType')}
                  error={Boolean(problems.harmType)}
                  helperText={problems.harmType}
                  required
                  fullWidth
                >
                  {HARM_TYPES.map((harmType) => (
                    <MenuItem key={harmType} value={harmType} sx={{ whiteSpace: 'normal' }}>
                      {translate(`portal.results.hold.harm_types.${harmType}`)}
                    </MenuItem>
                  ))}
                </TextField>
                <TypedDateField
                  name="reviewBy"
                  label={translate('portal.results.hold.review_by')}
                  text={draft.reviewBy}
                  onTextChange={(reviewBy) => change({ reviewBy }, 'reviewBy')}
                  error={problems.reviewBy}
                  helperText={translate('portal.results.hold.review_by_help')}
                  required
                />
              </>
            ) : null}

            {draft.basis === 'state_law' ? <Alert severity="info">{translate('portal.results.hold.state_law_note')}</Alert> : null}

            <TextField
              name="reason"
              variant="outlined"
              label={translate('portal.results.hold.reason')}
              value={draft.reason}
              onChange={(event) => change({ reason: event.target.value }, 'reason')}
              error={Boolean(problems.reason)}
              helperText={problems.reason ?? translate('portal.results.hold.reason_help')}
              required
              fullWidth
            />
            {identity?.fullName ? (
              <Typography variant="body2" color="text.secondary">
                {translate('portal.results.hold.decided_by', { name: identity.fullName })}
              </Typography>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" disabled={saving}>
            {translate('portal.results.hold.submit')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/**
 * Holds the chosen results from the patient's portal on a legal basis: a bulk action of the
 * Results tab, shown only to the roles that may place holds. `onDone` runs after a hold is placed.
 */
export const HoldResultsButton = ({ resultIds, onDone }: { resultIds: number[]; onDone?: () => void }) => {
  const { canAccess } = useCanAccess({ action: 'create', resource: 'result-holds' });
  const [open, setOpen] = useState(false);
  if (!canAccess) return null;
  return (
    <>
      <Button label="portal.results.hold.button" disabled={resultIds.length === 0} startIcon={<PauseCircleIcon />} onClick={() => setOpen(true)} />
      {open ? (
        <HoldDialog
          resultIds={resultIds}
          onClose={() => setOpen(false)}
          onHeld={() => {
            setOpen(false);
            onDone?.();
          }}
        />
      ) : null}
    </>
  );
};
