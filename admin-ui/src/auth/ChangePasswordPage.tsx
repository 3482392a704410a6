import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Form, PasswordInput, required, SaveButton, Title, Toolbar, useDataProvider, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { PortalDataProvider } from '../providers/dataProvider.ts';
import { apiErrorBody } from '../providers/httpClient.ts';

interface ChangePasswordValues {
  current_password: string;
  new_password: string;
  confirmation: string;
}

const matchesNewPassword = (value: string, values: ChangePasswordValues) => (value === values.new_password ? undefined : 'portal.password.mismatch');

/**
 * Change your own password (a custom route inside the layout). The API checks the current
 * password and the rule; its field errors land under the fields.
 */
export const ChangePasswordPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();

  const submit = async (values: Partial<ChangePasswordValues>) => {
    try {
      await dataProvider.changeOwnPassword({
        current_password: values.current_password ?? '',
        new_password: values.new_password ?? '',
      });
      notify('portal.password.changed', { type: 'success' });
      redirect('/');
    } catch (caught) {
      const errors = apiErrorBody(caught)?.errors;
      // Field errors are shown under the fields, and root.serverError as a notification.
      if (errors) return errors;
      notify(caught instanceof Error ? caught.message : 'ra.notification.http_error', { type: 'error' });
    }
  };

  return (
    <Card sx={{ maxWidth: 560, mt: 2 }}>
      <Title title="portal.password.change_title" />
      <Form onSubmit={submit}>
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('portal.password.change_intro')}
          </Typography>
          <PasswordInput source="current_password" label="portal.password.current" validate={required()} autoComplete="current-password" fullWidth />
          <PasswordInput
            source="new_password"
            label="portal.password.new"
            validate={required()}
            helperText="portal.password.rule"
            autoComplete="new-password"
            fullWidth
          />
          <PasswordInput
            source="confirmation"
            label="portal.password.confirm"
            validate={[required(), matchesNewPassword]}
            autoComplete="new-password"
            fullWidth
          />
        </CardContent>
        <Toolbar>
          <SaveButton label="portal.password.change_submit" alwaysEnable />
        </Toolbar>
      </Form>
    </Card>
  );
};
