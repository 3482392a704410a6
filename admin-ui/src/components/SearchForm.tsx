import type { FormEvent, ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import SearchIcon from '@mui/icons-material/Search';
import { useTranslate } from 'react-admin';

/**
 * The console's search forms (patients, audit log, role changes): the fields in a row, applied on
 * Enter or "Search" and never per keystroke, since each search of patient data is an audit row.
 */
export const SearchForm = ({
  label,
  onSubmit,
  onClear,
  children,
}: {
  label: string;
  onSubmit: (event: FormEvent) => void;
  onClear: () => void;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Box
      component="form"
      role="search"
      aria-label={label}
      onSubmit={onSubmit}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', pt: 2, pb: 1, width: '100%' }}
    >
      {children}
      <Box sx={{ display: 'flex', gap: 1, pt: 1 }}>
        <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
          {translate('portal.patients.search.submit')}
        </Button>
        <Button type="button" onClick={onClear}>
          {translate('portal.patients.search.clear')}
        </Button>
      </Box>
    </Box>
  );
};
