import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { LoginPage } from './LoginPage.tsx';

function renderLogin() {
  const authProvider = fakeAuthProvider({});
  const view = renderInAdmin(<LoginPage />, { dataProvider: fakeDataProvider({}), authProvider, path: '/login' });
  return { view, authProvider, user: userEvent.setup() };
}

describe('LoginPage', () => {
  it('when a username and password are typed and submitted, then authProvider.login receives exactly those', async () => {
    const { view, authProvider, user } = renderLogin();

    expect(await screen.findByRole('heading', { name: 'PortalDesk — staff sign-in' })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Username/), 'casey');
    await user.type(screen.getByLabelText(/Password/), 'correct horse battery{Enter}');

    await waitFor(() => expect(authProvider.login).toHaveBeenCalledWith({ username: 'casey', password: 'correct horse battery' }));
    view.unmount();
  });

  it('when sign-in fails, then the server’s message is shown and the password is cleared', async () => {
    const { view, authProvider, user } = renderLogin();
    authProvider.login.mockRejectedValueOnce(
      new HttpError('Wrong username or password.', 401, { code: 'invalid_credentials', message: 'Wrong username or password.' }),
    );

    await user.type(await screen.findByLabelText(/Username/), 'casey');
    await user.type(screen.getByLabelText(/Password/), 'not it');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText(/Password/)).toHaveValue('');
    view.unmount();
  });

  it('when sign-in is throttled, then the server’s 429 message is shown as is', async () => {
    const { view, authProvider, user } = renderLogin();
    const message = 'Too many failed sign-ins for this account from this computer. Try again in 15 minutes.';
    authProvider.login.mockRejectedValueOnce(new HttpError(message, 429, { code: 'too_many_requests', message }));

    await user.type(await screen.findByLabelText(/Username/), 'casey');
    await user.type(screen.getByLabelText(/Password/), 'guess{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    view.unmount();
  });

  it('when the last session ended for idleness, then the sign-in page says so', async () => {
    const authProvider = fakeAuthProvider({});
    authProvider.sessionEndedMessage.mockReturnValue('Your session ended after 15 idle minutes. Please sign in again.');
    const view = renderInAdmin(<LoginPage />, { dataProvider: fakeDataProvider({}), authProvider, path: '/login' });

    expect(await screen.findByText('Your session ended after 15 idle minutes. Please sign in again.')).toBeInTheDocument();
    view.unmount();
  });
});
