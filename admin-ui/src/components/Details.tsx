import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';

/** A titled group of label/value pairs, as a description list. */
export const DetailSection = ({ title, children, prose = false }: { title: string; children: ReactNode; prose?: boolean }) => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
        {translate(title)}
      </Typography>
      {/* A list of labels and values (Detail), or, with `prose`, a sentence or a list of its own. */}
      {prose ? (
        children
      ) : (
        <Box component="dl" sx={{ m: 0, display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
          {children}
        </Box>
      )}
    </Box>
  );
};

/** One label and its value; an empty value shows a dash rather than nothing. */
export const Detail = ({ label, children }: { label: string; children?: ReactNode }) => {
  const translate = useTranslate();
  const empty = children === null || children === undefined || children === '';
  return (
    <div>
      <Typography component="dt" variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography component="dd" variant="body1" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {empty ? '—' : children}
      </Typography>
    </div>
  );
};
