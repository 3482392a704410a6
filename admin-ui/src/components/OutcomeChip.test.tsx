import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getContrastRatio } from '@mui/material/styles';
import { AdminContext, memoryStore, RecordContextProvider } from 'react-admin';
import { i18nProvider } from '../i18n.ts';
import { theme } from '../layout/theme.ts';
import { OutcomeChip } from './OutcomeChip.tsx';

/** The colour behind the chip's text: its own fill, else the row's (unsuccessful rows are tinted). */
function backgroundOf(chip: Element, outcome: string): string {
  const fill = getComputedStyle(chip).backgroundColor;
  if (fill && fill !== 'transparent' && fill !== 'rgba(0, 0, 0, 0)') return fill;
  return outcome === 'success' ? '#fff' : '#fdf1f0';
}

describe('OutcomeChip', () => {
  it.each([
    ['success', 'Allowed'],
    ['denied', 'Denied'],
    ['failed', 'Failed'],
  ])('when an audit row’s outcome is %s, then its chip reads "%s" at 4.5:1 contrast or more', (outcome, label) => {
    const view = render(
      <AdminContext i18nProvider={i18nProvider} theme={theme} store={memoryStore()}>
        <RecordContextProvider value={{ id: 1, outcome }}>
          <OutcomeChip />
        </RecordContextProvider>
      </AdminContext>,
    );

    const text = screen.getByText(label);
    const chip = text.closest('.MuiChip-root')!;
    expect(getContrastRatio(getComputedStyle(text).color, backgroundOf(chip, outcome))).toBeGreaterThanOrEqual(4.5);
    view.unmount();
  });
});
