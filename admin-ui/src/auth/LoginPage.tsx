import { useState, type ChangeEvent, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useAuthProvider, useLogin, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { LazyAppLayout } from '../layout/lazyLayout.ts';
import type { PortalAuthProvider, SignInParams } from '../providers/authProvider.ts';
import { AuthCard } from './AuthCard.tsx';

/** The page react-admin was asked for when it sent the person here to sign in, if any but the start page. */
const pageLeft = (state: unknown): string | undefined => {
  const { nextPathname, nextSearch } = (state ?? {}) as { nextPathname?: string; nextSearch?: string };
  return nextPathname && nextPathname !== '/' ? `${nextPathname}${nextSearch ?? ''}` : undefined;
};

/**
 * Staff sign-in. Says why the last session ended (idle or absolute limit) and shows the
 * server's own message when sign-in fails (wrong password, too many attempts).
 */
export const LoginPage = () => {
  const translate = useTranslate();
  const login = useLogin();
  const location = useLocation();
  const authProvider = useAuthProvider<PortalAuthProvider>();
  const [endedMessage] = useState(() => authProvider?.sessionEndedMessage() ?? null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  // Someone typing is about to sign in: fetch the signed-in layout meanwhile, not after.
  const typed = (set: (value: string) => void) => (event: ChangeEvent<HTMLInputElement>) => {
    void LazyAppLayout.preload();
    set(event.target.value);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(translate('portal.login.missing'));
      return;
    }
    setSigningIn(true);
    setError(null);
    try {
      const signIn: SignInParams = { username: username.trim(), password, returnTo: pageLeft(location.state) };
      await login(signIn);
    } catch (caught) {
      setError(caught instanceof Error && caught.message ? caught.message : translate('ra.auth.sign_in_error'));
      setPassword('');
      setSigningIn(false);
    }
  };

  return (
    <AuthCard title={translate('portal.login.title')}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={translate('portal.login.title')}>
        {endedMessage && !error ? <Alert severity="info">{endedMessage}</Alert> : null}
        {error ? (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        ) : null}
        <TextField
          name="username"
          label={translate('ra.auth.username')}
          value={username}
          onChange={typed(setUsername)}
          autoComplete="username"
          autoFocus
          required
          fullWidth
        />
        <TextField
          name="password"
          type="password"
          label={translate('ra.auth.password')}
          value={password}
          onChange={typed(setPassword)}
          autoComplete="current-password"
          required
          fullWidth
        />
        <Button type="submit" variant="contained" size="large" disabled={signingIn}>
          {translate(signingIn ? 'portal.login.signing_in' : 'ra.auth.sign_in')}
        </Button>
        <Typography variant="body2" color="text.secondary">
          {translate('portal.login.forgot')}
        </Typography>
      </Stack>
    </AuthCard>
  );
};
