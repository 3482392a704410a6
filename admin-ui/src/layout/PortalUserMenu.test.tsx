import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { PortalUserMenu } from './PortalUserMenu.tsx';

describe('PortalUserMenu', () => {
  it('when the signed-in person opens the user menu, then its button is named by them and the menu opens in place with who they are and their commands', async () => {
    const view = renderInAdmin(<PortalUserMenu />, { dataProvider: fakeDataProvider({}), authProvider: fakeAuthProvider({}) });

    const button = await screen.findByRole('button', { name: 'Casey Compliance' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    await userEvent.setup().click(button);

    const menu = await screen.findByRole('menu');
    // Rendered beside its button (inside the app bar's banner), not at the end of the page.
    expect(view.container).toContainElement(menu);
    expect(within(menu).getByText('Casey Compliance (casey)')).toBeInTheDocument();
    expect(within(menu).getByRole('menuitem', { name: 'Change password' })).toBeInTheDocument();
    expect(within(menu).getByRole('menuitem', { name: 'Sign out' })).toBeInTheDocument();
    view.unmount();
  });
});
