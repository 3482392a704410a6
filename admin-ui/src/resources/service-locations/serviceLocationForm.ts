import type { Identifier } from 'react-admin';
import type { ServiceLocation, ServiceLocationCreateRequest, ServiceLocationUpdateRequest } from '@portaldesk/admin-api/contract';

export const RESOURCE = 'service-locations';

/**
 * The form's values, named as the API's bodies name them (so a field error from the API lands
 * under its input); the record it starts from is snake_case.
 */
export interface ServiceLocationFormValues {
  id?: Identifier;
  name: string;
  billingPhone: string;
  acceptsOnlinePayments: boolean;
}

/** What the form starts from for a new location: most locations take online payments. */
export const NEW_LOCATION: ServiceLocationFormValues = { name: '', billingPhone: '', acceptsOnlinePayments: true };

/** A location as the form shows it: the billing phone as people write it, not E.164. */
export const formValuesOf = (record: ServiceLocation): ServiceLocationFormValues => ({
  id: record.id,
  name: record.name,
  billingPhone: record.billing_phone_display,
  acceptsOnlinePayments: record.accepts_online_payments,
});

/** Only what the API's POST reads (it refuses any other key). */
export const toCreateBody = (values: ServiceLocationFormValues): ServiceLocationCreateRequest => ({
  name: values.name,
  billingPhone: values.billingPhone,
  acceptsOnlinePayments: values.acceptsOnlinePayments === true,
});

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
export const toUpdateBody = (values: ServiceLocationFormValues, version: number): ServiceLocationUpdateRequest => ({
  ...toCreateBody(values),
  version,
});
