import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** A friendly empty table: what is missing and what to do next. */
export const EmptyState = ({ icon, title, children }: { icon?: ReactNode; title: ReactNode; children?: ReactNode }) => (
  <Box role="status" sx={{ py: 6, px: 2, textAlign: 'center', color: 'text.secondary' }}>
    {icon ? <Box sx={{ '& svg': { fontSize: 48 }, mb: 1, color: 'action.active' }}>{icon}</Box> : null}
    <Typography variant="h6" component="p" color="text.primary" gutterBottom>
      {title}
    </Typography>
    {children ? <Typography variant="body2">{children}</Typography> : null}
  </Box>
);
