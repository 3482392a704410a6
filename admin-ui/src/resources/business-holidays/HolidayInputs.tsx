import { required, TextInput } from 'react-admin';
import { TypedDateInput } from '../../components/TypedDateField.tsx';

const validateDate = [required()];
const validateName = [required()];

/** The holiday form, shared by Create and Edit: the closed day and what it is called. */
export const HolidayInputs = () => (
  <>
    <TypedDateInput source="date" label="resources.business-holidays.fields.date" validate={validateDate} helperText="portal.holidays.date_help" />
    <TextInput source="name" validate={validateName} helperText="portal.holidays.name_help" />
  </>
);
