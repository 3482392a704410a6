import { Create, SimpleForm } from 'react-admin';
import { DeskLocationInputs } from './DeskLocationInputs.tsx';

/** Adds a place where codes are handed over; a name another location has (any case or spacing) is refused on the field. */
export const DeskLocationCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <DeskLocationInputs />
    </SimpleForm>
  </Create>
);
