import { useState } from 'react';
import { Create, SimpleForm, useRedirect, useTranslate } from 'react-admin';
import type { CreatedStaffUser } from '@portaldesk/admin-api/contract';
import { OneTimeLinkDialog } from './OneTimeLinkDialog.tsx';
import { StaffUserInputs } from './StaffUserInputs.tsx';

const toCreateBody = ({ username, display_name, roles }: { username: string; display_name: string; roles: string[] }) => ({
  username,
  display_name,
  roles,
});

/**
 * Creates a staff user without a password: the API answers a one-time link, which is shown
 * here once before moving on to the new user's page.
 */
export const StaffUserCreate = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedStaffUser | null>(null);
  return (
    <>
      <Create
        mutationMode="pessimistic"
        transform={toCreateBody}
        redirect={false}
        mutationOptions={{ onSuccess: (data: CreatedStaffUser) => setCreated(data) }}
      >
        <SimpleForm defaultValues={{ roles: [] }}>
          <StaffUserInputs />
        </SimpleForm>
      </Create>
      {created ? (
        <OneTimeLinkDialog
          title={translate('portal.staff_users.created.title', { name: created.display_name })}
          intro={translate('portal.staff_users.created.intro', { name: created.display_name })}
          person={created.display_name}
          link={created.password_link}
          onClose={() => redirect('show', 'staff-users', created.id)}
        />
      ) : null}
    </>
  );
};
