import { Create, SimpleForm } from 'react-admin';
import { HolidayInputs } from './HolidayInputs.tsx';

/** Adds a day the business is closed; every queue's due dates move with it. */
export const HolidayCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <HolidayInputs />
    </SimpleForm>
  </Create>
);
