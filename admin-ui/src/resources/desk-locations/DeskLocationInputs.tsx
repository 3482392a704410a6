import { maxLength, required, TextInput } from 'react-admin';

const validateName = [required(), maxLength(100)];

/** The desk-location form, shared by Create and Edit: its name, as staff will pick it. */
export const DeskLocationInputs = () => <TextInput source="name" validate={validateName} helperText="portal.desk_locations.name_help" sx={{ minWidth: 360 }} />;
