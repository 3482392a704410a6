import { Edit, SimpleForm } from 'react-admin';
import { StaffUserInputs } from './StaffUserInputs.tsx';

/** Only what the API's PUT accepts, with the version that was read (409 if someone saved since). */
const toUpdateBody = ({ display_name, roles, version }: { display_name: string; roles: string[]; version: number }) => ({
  display_name,
  roles,
  version,
});

/** Changes a staff user's display name and roles; a stale save is refused and the form kept. */
export const StaffUserEdit = () => (
  <Edit mutationMode="pessimistic" transform={toUpdateBody} redirect="show">
    <SimpleForm>
      <StaffUserInputs editing />
    </SimpleForm>
  </Edit>
);
