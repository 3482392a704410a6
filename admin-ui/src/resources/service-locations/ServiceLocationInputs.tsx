import { BooleanInput, maxLength, required, TextInput } from 'react-admin';

const validateName = [required(), maxLength(100)];
const validatePhone = [required(), maxLength(40)];

/**
 * The service-location form, shared by Create and Edit: its name, the billing phone patients call
 * (any US way of writing it; the API keeps it as E.164 and says when it is not a US number), and
 * whether it takes payments online, which decides whether its accounts offer Pay Now.
 */
export const ServiceLocationInputs = ({ autoFocus = false }: { autoFocus?: boolean }) => (
  <>
    <TextInput source="name" validate={validateName} helperText="portal.service_locations.name_help" autoFocus={autoFocus} sx={{ minWidth: 360 }} />
    <TextInput
      source="billingPhone"
      type="tel"
      autoComplete="off"
      validate={validatePhone}
      helperText="portal.service_locations.phone_help"
      sx={{ minWidth: 360 }}
    />
    <BooleanInput source="acceptsOnlinePayments" helperText="portal.service_locations.online_help" />
  </>
);
