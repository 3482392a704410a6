import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { dateInWords } from './typed-date.ts';

/** How a value someone gave stands against the record's: the same, the same name spelt another way, different, or missing on one side. */
export type Comparison = 'same' | 'spelt_differently' | 'differs' | 'not_given' | 'not_on_file';

const SHOWN: Record<Comparison, { icon: typeof CheckCircleOutlineIcon; color: 'success' | 'warning' | 'error' | 'disabled' }> = {
  same: { icon: CheckCircleOutlineIcon, color: 'success' },
  spelt_differently: { icon: WarningAmberIcon, color: 'warning' },
  differs: { icon: WarningAmberIcon, color: 'error' },
  not_given: { icon: RemoveCircleOutlineIcon, color: 'disabled' },
  not_on_file: { icon: RemoveCircleOutlineIcon, color: 'disabled' },
};

/** A comparison in words with its icon: never colour alone. */
const ComparisonCell = ({ comparison, words }: { comparison: Comparison; words: string }) => {
  const { icon: Icon, color } = SHOWN[comparison];
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, fontWeight: comparison === 'differs' ? 700 : undefined }}>
      <Icon fontSize="small" color={color} aria-hidden />
      {words}
    </Box>
  );
};

/** A value as the table shows it: a birth date in words, nothing as a dash. */
const shown = (field: string, value: string | null) => (value ? (field === 'date_of_birth' ? dateInWords(value) : value) : '—');

export interface FieldComparisonProps<Field extends string> {
  fields: readonly Field[];
  /** What was given (reported in the portal, typed by a requester). */
  given: Record<Field, string | null>;
  /** The record on file; null when no single record matches (the given values alone are shown). */
  onFile: Record<Field, string | null> | null;
  compare: (field: Field, given: string | null, onFile: string | null) => Comparison;
  /** Column headings, already translated. */
  headings: { field: string; given: string; onFile: string; comparison: string };
  label: (field: Field) => string;
  words: (comparison: Comparison) => string;
  maxWidth?: number;
}

/** What someone gave beside the record on file, field by field, each difference marked in words and with an icon. */
export function FieldComparison<Field extends string>({ fields, given, onFile, compare, headings, label, words, maxWidth }: FieldComparisonProps<Field>) {
  return (
    <Table size="small" sx={{ maxWidth }}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {headings.field}
          </TableCell>
          <TableCell component="th" scope="col">
            {headings.given}
          </TableCell>
          {onFile ? (
            <>
              <TableCell component="th" scope="col">
                {headings.onFile}
              </TableCell>
              <TableCell component="th" scope="col">
                {headings.comparison}
              </TableCell>
            </>
          ) : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map((field) => {
          const comparison = onFile ? compare(field, given[field], onFile[field]) : null;
          return (
            <TableRow key={field} sx={comparison === 'differs' ? { bgcolor: '#fff4e5' } : undefined}>
              <TableCell component="th" scope="row">
                {label(field)}
              </TableCell>
              <TableCell>{shown(field, given[field])}</TableCell>
              {onFile && comparison ? (
                <>
                  <TableCell>{shown(field, onFile[field])}</TableCell>
                  <TableCell>
                    <ComparisonCell comparison={comparison} words={words(comparison)} />
                  </TableCell>
                </>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
