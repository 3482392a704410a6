import { DateInput, required, TextInput } from 'react-admin';

const validateDate = [required()];
const validateName = [required()];

/** The holiday form, shared by Create and Edit: the closed day and what it is called. */
export const HolidayInputs = () => (
  <>
    <DateInput source="date" validate={validateDate} helperText="portal.holidays.date_help" />
    <TextInput source="name" validate={validateName} helperText="portal.holidays.name_help" />
  </>
);
