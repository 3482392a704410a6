import { useRef } from 'react';
import Button from '@mui/material/Button';
import FileOpenIcon from '@mui/icons-material/FileOpen';

/**
 * Opens the browser's file picker. A real button that clicks a hidden file input: a `<label>`
 * styled as a button (MUI's usual recipe) gets a role it may not have and ignores Enter and Space.
 */
export const ChooseFileButton = ({ label, accept, disabled, onFile }: { label: string; accept: string; disabled?: boolean; onFile: (file: File) => void }) => {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant="outlined" startIcon={<FileOpenIcon />} disabled={disabled} onClick={() => input.current?.click()} sx={{ flexShrink: 0 }}>
        {label}
      </Button>
      <input
        ref={input}
        hidden
        type="file"
        accept={accept}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) is seen as a change.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
};
