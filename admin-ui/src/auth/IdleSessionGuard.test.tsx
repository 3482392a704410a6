import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { IdleSessionGuard } from './IdleSessionGuard.tsx';

const MINUTE = 60_000;

function renderGuard() {
  const authProvider = fakeAuthProvider({ patients: ['list', 'show'] });
  let reportActivity: (at: number) => void = () => undefined;
  authProvider.onActivity.mockImplementation((listener) => {
    reportActivity = listener;
    return () => undefined;
  });
  // Like the real one: GET /api/session is a request, and requests are activity.
  authProvider.keepAlive.mockImplementation(async () => reportActivity(Date.now()));
  const view = renderInAdmin(<IdleSessionGuard />, { dataProvider: fakeDataProvider({}), authProvider });
  return { view, authProvider };
}

/** Moves the clock, letting React render between timers (the countdown re-arms after each render). */
async function advance(ms: number, step = 1_000) {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    await act(async () => vi.advanceTimersByTimeAsync(Math.min(step, ms - elapsed)));
  }
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('IdleSessionGuard', () => {
  it('when the idle limit nears, then a countdown warns, and "Stay signed in" asks the server and closes it', async () => {
    const { view, authProvider } = renderGuard();

    // Signed in 15 idle minutes, warned 2 minutes before, counting from a minute early (the server's granularity).
    await advance(12 * MINUTE - 1_000, MINUTE);
    expect(screen.queryByText('Are you still there?')).not.toBeInTheDocument();
    await advance(1_000);
    expect(screen.getByText('Are you still there?')).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent('2:00');
    await advance(10_000);
    expect(screen.getByRole('timer')).toHaveTextContent('1:50');

    await act(async () => screen.getByRole('button', { name: 'Stay signed in' }).click());
    await advance(1_000);

    expect(authProvider.keepAlive).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Are you still there?')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the countdown runs out, then it signs out and tells the sign-in page why', async () => {
    const { view, authProvider } = renderGuard();

    await advance(12 * MINUTE, MINUTE);
    expect(authProvider.logout).not.toHaveBeenCalled();
    await advance(2 * MINUTE);

    expect(authProvider.logout).toHaveBeenCalledWith({ endedMessage: 'Your session ended after 15 idle minutes. Please sign in again.' });
    view.unmount();
  });
});
