import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** react-admin's default theme in calm hospital blues, with a quieter background for long shifts. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    mode: 'light',
    primary: { main: '#0b5d91' },
    secondary: { main: '#0b5d91' },
    background: { default: '#f3f5f8' },
  },
  shape: { borderRadius: 8 },
  typography: { ...defaultTheme.typography, fontFamily: '"Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
};
