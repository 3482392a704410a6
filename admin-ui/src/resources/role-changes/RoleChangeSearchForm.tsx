import { useState, type FormEvent } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useListContext, useTranslate } from 'react-admin';
import { SearchForm } from '../../components/SearchForm.tsx';
import { useDateRange } from '../../components/DateRangeFields.tsx';
import { ROLES } from '../../roles.ts';

export const ROLE_CHANGES = ['granted', 'removed', 'refused'] as const;

/**
 * The role-change report's search, applied on Enter or "Search": reading the report is audited,
 * so it is read once per search, not once per keystroke.
 */
export const RoleChangeSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const [change, setChange] = useState<string>(typeof filterValues.change === 'string' ? filterValues.change : '');
  const [role, setRole] = useState<string>(typeof filterValues.role === 'string' ? filterValues.role : '');
  const range = useDateRange(filterValues);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const days = range.resolve();
    if (!days) return;
    setFilters({ ...days, ...(change ? { change } : {}), ...(role ? { role } : {}) }, {}, false);
  };

  const clear = () => {
    setChange('');
    setRole('');
    range.clear();
    setFilters({}, {}, false);
  };

  return (
    <SearchForm label={translate('portal.role_changes.search_label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        select
        name="change"
        label={translate('resources.role-changes.fields.change')}
        value={change}
        onChange={(event) => setChange(event.target.value)}
        helperText=" "
        sx={{ minWidth: 150 }}
      >
        <MenuItem value="">{translate('portal.role_changes.any_change')}</MenuItem>
        {ROLE_CHANGES.map((id) => (
          <MenuItem key={id} value={id}>
            {translate(`portal.role_changes.change.${id}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth={false}
        select
        name="role"
        label={translate('resources.role-changes.fields.role')}
        value={role}
        onChange={(event) => setRole(event.target.value)}
        helperText=" "
        sx={{ minWidth: 200 }}
      >
        <MenuItem value="">{translate('portal.staff_users.any_role')}</MenuItem>
        {ROLES.map((id) => (
          <MenuItem key={id} value={id}>
            {translate(`portal.roles.${id}.name`)}
          </MenuItem>
        ))}
      </TextField>
      {range.fields}
    </SearchForm>
  );
};
