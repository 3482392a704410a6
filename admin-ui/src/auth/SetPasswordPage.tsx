import { useEffect, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { HttpError, LinkBase, useDataProvider, useLocation, useTranslate } from 'react-admin';
import { formatDateTime } from '../components/dates.tsx';
import type { PasswordLinkOwner, PortalDataProvider } from '../providers/dataProvider.ts';
import { apiErrorBody } from '../providers/httpClient.ts';
import { AuthCard } from './AuthCard.tsx';

type Step = { name: 'checking' } | { name: 'invalid'; message: string } | { name: 'choose'; owner: PasswordLinkOwner } | { name: 'done'; username: string };

const linkInvalid = (error: unknown) => error instanceof HttpError && error.status === 404;

/**
 * The public page a one-time password link opens (`/#/set-password?token=...`): checks the
 * link, lets its owner choose a password, then offers sign-in. Works while signed out.
 */
export const SetPasswordPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const token = new URLSearchParams(useLocation().search).get('token') ?? '';
  const [step, setStep] = useState<Step>(() => (token ? { name: 'checking' } : { name: 'invalid', message: translate('portal.set_password.no_token') }));
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!token) return;
    let current = true;
    dataProvider.verifyPasswordLink({ token }).then(
      ({ data }) => current && setStep({ name: 'choose', owner: data }),
      (caught: Error) => current && setStep({ name: 'invalid', message: caught.message }),
    );
    return () => {
      current = false;
    };
  }, [token, dataProvider]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setFieldError(translate('portal.password.mismatch'));
      return;
    }
    setSaving(true);
    setFieldError(null);
    setError(null);
    try {
      const { data } = await dataProvider.completePasswordReset({ token, new_password: password });
      setStep({ name: 'done', username: data.username });
    } catch (caught) {
      if (linkInvalid(caught)) {
        setStep({ name: 'invalid', message: (caught as Error).message });
        return;
      }
      const newPasswordError = apiErrorBody(caught)?.errors?.new_password;
      if (typeof newPasswordError === 'string') setFieldError(newPasswordError);
      else setError(caught instanceof Error ? caught.message : translate('ra.notification.http_error'));
    } finally {
      setSaving(false);
    }
  };

  const signIn = (
    <Button component={LinkBase} to="/login" variant="contained">
      {translate('ra.auth.sign_in')}
    </Button>
  );

  return (
    <AuthCard title={translate('portal.set_password.title')}>
      {step.name === 'checking' ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <CircularProgress size={24} />
          <Typography>{translate('portal.set_password.checking')}</Typography>
        </Stack>
      ) : null}
      {step.name === 'invalid' ? (
        <Stack spacing={2}>
          <Alert severity="error">{step.message}</Alert>
          {signIn}
        </Stack>
      ) : null}
      {step.name === 'done' ? (
        <Stack spacing={2}>
          <Alert severity="success">{translate('portal.set_password.done', { username: step.username })}</Alert>
          {signIn}
        </Stack>
      ) : null}
      {step.name === 'choose' ? (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate>
          <Typography>
            {translate('portal.set_password.greeting', {
              name: step.owner.display_name,
              username: step.owner.username,
              time: formatDateTime(step.owner.expires_at),
            })}
          </Typography>
          {error ? <Alert severity="error">{error}</Alert> : null}
          {/* Lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={step.owner.username} readOnly hidden />
          <TextField
            name="new_password"
            type="password"
            label={translate('portal.password.new')}
            helperText={fieldError ?? translate('portal.password.rule')}
            error={fieldError !== null}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
            autoFocus
            required
            fullWidth
          />
          <TextField
            name="confirmation"
            type="password"
            label={translate('portal.password.confirm')}
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
            autoComplete="new-password"
            required
            fullWidth
          />
          <Button type="submit" variant="contained" size="large" disabled={saving || !password}>
            {translate('portal.set_password.submit')}
          </Button>
        </Stack>
      ) : null}
    </AuthCard>
  );
};
