import { DeleteWithConfirmButton, Edit, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { HolidayInputs } from './HolidayInputs.tsx';

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
const toUpdateBody = ({ date, name, version }: { date: string; name: string; version: number }) => ({ date, name, version });

const HolidayToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteWithConfirmButton mutationMode="pessimistic" confirmTitle="portal.holidays.delete_title" confirmContent="portal.holidays.delete_content" />
  </Toolbar>
);

/** Moves, renames or removes a holiday; a stale save is refused and the form kept. */
export const HolidayEdit = () => (
  <Edit mutationMode="pessimistic" transform={toUpdateBody} redirect="list">
    <SimpleForm toolbar={<HolidayToolbar />}>
      <HolidayInputs />
    </SimpleForm>
  </Edit>
);
