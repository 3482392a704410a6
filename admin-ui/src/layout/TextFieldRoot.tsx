import FormControl, { type FormControlProps } from '@mui/material/FormControl';
import { styled } from '@mui/material/styles';

type WithLegacyProps = FormControlProps & { InputProps?: unknown; inputProps?: unknown };

/**
 * react-admin 5.15's inputs still pass MUI 5's `InputProps` / `inputProps` to TextField (beside
 * the `slotProps` MUI 9 reads), and MUI 9 hands what it does not know to the DOM. Dropped here.
 */
const FormControlWithoutLegacyProps = ({ InputProps: _InputProps, inputProps: _inputProps, ...props }: WithLegacyProps) => <FormControl {...props} />;

/** TextField's root as MUI builds it (theme overrides under MuiTextField), without those props. */
export const TextFieldRoot = styled(FormControlWithoutLegacyProps, { name: 'MuiTextField', slot: 'Root' })({});
