import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Printing from inside the console's frame, as the activation letters print: a print stylesheet
 * in the page, `.no-print` on what paper does not need. The app bar and the menu never print.
 */
export const PAGE_PRINT_STYLES = `
@page { size: letter; margin: 0.6in; }
@media print {
  header.MuiAppBar-root, .MuiDrawer-root, .no-print { display: none !important; }
  body, .RaLayout-appFrame, .RaLayout-content { background: #fff !important; }
  .RaLayout-appFrame { margin-top: 0 !important; }
  .RaLayout-content { padding: 0 !important; }
  .print-plain { box-shadow: none !important; border: 0 !important; }
  .print-plain a { color: #000 !important; text-decoration: none !important; }
  tr { break-inside: avoid; }
}
`;

const PRINTING_PART = 'printing-part';

const PART_PRINT_STYLES = `
.print-part { display: none; }
@media print {
  body.${PRINTING_PART} > *:not(.print-part) { display: none !important; }
  body.${PRINTING_PART} > .print-part { display: block !important; color: #000; font-size: 12pt; }
}
`;

/**
 * One part of a page for paper (the "who sees what" explanation on a patient's page): a copy of
 * it at the end of the document, shown only while `printPart` has the print dialog open, when
 * the rest of the page is not.
 */
export const PrintPart = ({ children }: { children: ReactNode }) =>
  createPortal(
    <div className="print-part">
      <style>{PART_PRINT_STYLES}</style>
      {children}
    </div>,
    document.body,
  );

/** Opens the print dialog with only the PrintPart on paper. */
export function printPart(): void {
  document.body.classList.add(PRINTING_PART);
  const done = () => document.body.classList.remove(PRINTING_PART);
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}
