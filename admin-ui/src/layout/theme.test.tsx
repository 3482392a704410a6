import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTheme, getContrastRatio } from '@mui/material/styles';
import {
  AdminContext,
  DataTable,
  Form,
  ListContextProvider,
  memoryStore,
  NumberInput,
  ResourceContextProvider,
  SearchInput,
  TestMemoryRouter,
  TextInput,
  useList,
} from 'react-admin';
import type { ReactNode } from 'react';
import { i18nProvider } from '../i18n.ts';
import { theme } from './theme.ts';

const InConsole = ({ children }: { children: ReactNode }) => (
  <TestMemoryRouter>
    <AdminContext i18nProvider={i18nProvider} theme={theme} store={memoryStore()}>
      <ResourceContextProvider value="patients">{children}</ResourceContextProvider>
    </AdminContext>
  </TestMemoryRouter>
);

const SelectablePatients = () => {
  const list = useList({
    data: [
      { id: 1, mrn: '10000001' },
      { id: 2, mrn: '10000002' },
    ],
  });
  return (
    <ListContextProvider value={list}>
      <DataTable bulkActionButtons={<span />}>
        <DataTable.Col source="mrn" />
      </DataTable>
    </ListContextProvider>
  );
};

afterEach(() => vi.restoreAllMocks());

describe('the console theme', () => {
  it('when a list lets staff select rows, then every row’s checkbox itself is named, not the box drawn around it', async () => {
    const view = render(
      <InConsole>
        <SelectablePatients />
      </InConsole>,
    );

    const rowBoxes = await screen.findAllByRole('checkbox', { name: 'Select this row' });
    expect(rowBoxes).toHaveLength(2);
    for (const box of rowBoxes) {
      expect(box.tagName).toBe('INPUT');
      expect(box.parentElement).not.toHaveAttribute('aria-label');
    }
    view.unmount();
  });

  it('when react-admin draws its text, number and search inputs, then none of MUI 5’s inputProps reach the page', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const view = render(
      <InConsole>
        <Form>
          <TextInput source="name" />
          <NumberInput source="year" />
          <SearchInput source="q" />
        </Form>
      </InConsole>,
    );

    expect(await screen.findByRole('spinbutton', { name: 'Year' })).toBeInTheDocument();
    expect(view.container.querySelector('[inputprops]')).toBeNull();
    expect(errors.mock.calls.filter(([message]) => String(message).includes('does not recognize'))).toEqual([]);
    view.unmount();
  });

  it('when a chip, button or alert is drawn in a status colour, then its text reads at 4.5:1 contrast or more', () => {
    const { palette } = createTheme(theme);
    for (const color of [palette.primary, palette.success, palette.error, palette.warning, palette.info]) {
      expect(getContrastRatio(color.main, color.contrastText)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
