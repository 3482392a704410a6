import { Create, SimpleForm } from 'react-admin';
import { ServiceLocationInputs } from './ServiceLocationInputs.tsx';
import { NEW_LOCATION, toCreateBody, type ServiceLocationFormValues } from './serviceLocationForm.ts';
import { addMessages } from '../../i18n.ts';
import { serviceLocationMessages } from './messages.ts';

addMessages(serviceLocationMessages);

/**
 * Adds a place the hospital bills from. The body is the API's ({ name, billingPhone,
 * acceptsOnlinePayments }); a name another location has (any case or spacing) or a phone that is
 * not a US number is refused on its field.
 */
export const ServiceLocationCreate = () => (
  <Create redirect="list" transform={(values: ServiceLocationFormValues) => toCreateBody(values)}>
    <SimpleForm defaultValues={NEW_LOCATION}>
      <ServiceLocationInputs autoFocus />
    </SimpleForm>
  </Create>
);
