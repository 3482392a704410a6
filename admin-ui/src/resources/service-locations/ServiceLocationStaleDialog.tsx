import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { ServiceLocation } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { formValuesOf, type ServiceLocationFormValues } from './serviceLocationForm.ts';

/** A save refused as stale: the location as it is now, and what the admin typed. */
export interface StaleLocationSave {
  current: ServiceLocation;
  typed: ServiceLocationFormValues;
}

/** The phone compared by its digits: "(860) 972-4993" and "860-972-4993" are the same number. */
const digitsOf = (phone: string) => phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

/**
 * Says that someone else saved the location while the admin was editing it: who and when, each
 * field as saved now beside what the admin typed (differences marked in words). Keeping one's
 * changes is the default (Enter or Escape): nothing typed is lost, and the next save, made from
 * the version now on record, replaces theirs. Using theirs puts their values in the form.
 */
export const ServiceLocationStaleDialog = ({ stale, onKeepMine, onUseTheirs }: { stale: StaleLocationSave; onKeepMine(): void; onUseTheirs(): void }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const theirs = formValuesOf(stale.current);
  const online = (value: boolean) => translate(value ? 'portal.service_locations.online.yes' : 'portal.service_locations.online.no');
  const rows = [
    {
      field: 'name',
      label: 'resources.service-locations.fields.name',
      now: theirs.name,
      mine: stale.typed.name,
      same: theirs.name.trim() === stale.typed.name.trim(),
    },
    {
      field: 'billingPhone',
      label: 'resources.service-locations.fields.billingPhone',
      now: theirs.billingPhone,
      mine: stale.typed.billingPhone,
      same: digitsOf(theirs.billingPhone) === digitsOf(stale.typed.billingPhone),
    },
    {
      field: 'acceptsOnlinePayments',
      label: 'resources.service-locations.fields.acceptsOnlinePayments',
      now: online(theirs.acceptsOnlinePayments),
      mine: online(stale.typed.acceptsOnlinePayments === true),
      same: theirs.acceptsOnlinePayments === (stale.typed.acceptsOnlinePayments === true),
    },
  ];
  return (
    <Dialog open onClose={onKeepMine} maxWidth="md" fullWidth aria-labelledby="stale-location-title" aria-describedby="stale-location-intro">
      <DialogTitle id="stale-location-title">{translate('portal.service_locations.stale_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="stale-location-intro" sx={{ mb: 2 }}>
          {translate('portal.service_locations.stale_intro', {
            who: stale.current.updated_by_username ?? translate('portal.service_locations.stale_someone'),
            when: formatDateTime(stale.current.updated_at, timeZone),
          })}
        </DialogContentText>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate('portal.service_locations.stale_field')}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate('portal.service_locations.stale_theirs')}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate('portal.service_locations.stale_yours')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.field}>
                <TableCell component="th" scope="row">
                  {translate(row.label)}
                  {row.same ? null : (
                    <Typography variant="caption" color="warning.main" sx={{ display: 'block' }}>
                      {translate('portal.service_locations.stale_differs')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{row.now}</TableCell>
                <TableCell>{row.mine}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onUseTheirs}>{translate('portal.service_locations.stale_use_theirs')}</Button>
        <Button variant="contained" onClick={onKeepMine} autoFocus>
          {translate('portal.service_locations.stale_keep')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
