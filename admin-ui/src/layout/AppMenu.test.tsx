import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { AppMenu } from './AppMenu.tsx';

const renderMenu = (permissions: Record<string, string[]>) =>
  renderInAdmin(<AppMenu />, { dataProvider: fakeDataProvider({}), authProvider: fakeAuthProvider(permissions) });

describe('AppMenu', () => {
  it('when a clinician signs in, then the menu offers the release queue and no import', async () => {
    const view = renderMenu({ patients: ['list', 'show'], results: ['list', 'show', 'release'], 'result-holds': ['list', 'create', 'edit', 'export'] });
    expect(await screen.findByRole('menuitem', { name: 'Release queue' })).toHaveAttribute('href', '/result-release-queue');
    expect(screen.queryByRole('menuitem', { name: 'Import results' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when an administrator signs in, then the menu offers the results import beside the patient import, and no release queue', async () => {
    const view = renderMenu({ patients: ['import'], results: ['import'], 'result-categories': ['list', 'show', 'create', 'edit'] });
    expect(await screen.findByRole('menuitem', { name: 'Import results' })).toHaveAttribute('href', '/results-import');
    expect(screen.getByRole('menuitem', { name: 'Import patients' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Release queue' })).not.toBeInTheDocument();
    view.unmount();
  });
});
