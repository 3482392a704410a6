import { useEffect, useRef, useState, type RefObject } from 'react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MuiLink from '@mui/material/Link';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { useTranslate } from 'react-admin';
import type { ProxyRequestCase } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { API_URL } from '../../providers/httpClient.ts';
import { fileSize } from './proxyWords.ts';

type DocumentSummary = ProxyRequestCase['document_list'][number];

/** Where the API serves a document's content, inline, with the type its content showed. */
export const documentUrl = (id: number) => `${API_URL}/documents/${encodeURIComponent(id)}/content`;

/**
 * True while keyboard focus is inside `frame` (the PDF viewer's own toolbar). Browsers give the
 * frame neither :focus nor a focus event then; the page's window loses focus instead.
 */
function useFocusInside(frame: RefObject<HTMLIFrameElement | null>): boolean {
  const [inside, setInside] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame is the active element only once the window's blur is over.
    const left = () => {
      timer = setTimeout(() => setInside(frame.current !== null && document.activeElement === frame.current));
    };
    const back = () => setInside(false);
    window.addEventListener('blur', left);
    window.addEventListener('focus', back);
    document.addEventListener('focusin', back);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('blur', left);
      window.removeEventListener('focus', back);
      document.removeEventListener('focusin', back);
    };
  }, [frame]);
  return inside;
}

/** A PDF in the browser's own viewer, framed; the console's focus ring shows while the keyboard is inside. */
const PdfFrame = ({ url, title }: { url: string; title: string }) => {
  const frame = useRef<HTMLIFrameElement>(null);
  const focused = useFocusInside(frame);
  return (
    <Box
      component="iframe"
      ref={frame}
      src={url}
      title={title}
      sx={{
        display: 'block',
        width: '100%',
        height: 640,
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        bgcolor: 'background.default',
        ...(focused ? { outlineStyle: 'solid', outlineWidth: 3, outlineOffset: 2, outlineColor: (theme) => theme.palette.primary.main } : {}),
      }}
    />
  );
};

/** One document: its name, size, arrival and checksum in small print, then the document itself. */
const DocumentView = ({ document }: { document: DocumentSummary }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const url = documentUrl(document.id);
  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'baseline', justifyContent: 'space-between', mb: 1 }}>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="subtitle2" component="h3" sx={{ overflowWrap: 'anywhere' }}>
            {document.file_name}
          </Typography>
          <Typography variant="caption" component="p" color="text.secondary">
            {translate('portal.proxy.document_facts', { size: fileSize(document.bytes), when: formatDateTime(document.received_at, timeZone) })}
          </Typography>
          <Typography variant="caption" component="p" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
            {translate('portal.proxy.sha256', { sha: document.sha256 })}
          </Typography>
        </Box>
        <MuiLink href={url} target="_blank" rel="noopener noreferrer" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
          {translate('portal.proxy.open_document', { name: document.file_name })}
          <OpenInNewIcon fontSize="small" aria-hidden />
        </MuiLink>
      </Box>
      {document.media_type === 'application/pdf' ? (
        <PdfFrame url={url} title={translate('portal.proxy.document_frame', { name: document.file_name })} />
      ) : (
        <Box
          component="img"
          src={url}
          alt={translate('portal.proxy.document_image', { name: document.file_name })}
          sx={{ display: 'block', maxWidth: '100%', border: 1, borderColor: 'divider', borderRadius: 1 }}
        />
      )}
    </Box>
  );
};

/**
 * The documents the requester sent, one at a time in the viewer (PDFs in the browser's own viewer,
 * images as they are), each openable in a tab of its own; tabs choose among several.
 */
export const ProxyDocuments = ({ documents }: { documents: DocumentSummary[] }) => {
  const translate = useTranslate();
  const [shown, setShown] = useState(0);
  const current = documents[Math.min(shown, documents.length - 1)];
  return (
    <Card component="section" aria-labelledby="proxy-documents-title">
      <CardContent>
        <Typography id="proxy-documents-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          {translate('portal.proxy.documents_title')} ({documents.length})
        </Typography>
        {current ? null : <Typography>{translate('portal.proxy.no_documents')}</Typography>}
        {documents.length > 1 ? (
          <Tabs
            value={Math.min(shown, documents.length - 1)}
            onChange={(_event, index: number) => setShown(index)}
            variant="scrollable"
            scrollButtons="auto"
            aria-label={translate('portal.proxy.documents_title')}
            sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
          >
            {documents.map((document, index) => (
              <Tab key={document.id} label={document.file_name} id={`proxy-document-tab-${index}`} aria-controls="proxy-document-panel" />
            ))}
          </Tabs>
        ) : null}
        {current ? (
          <Box
            id="proxy-document-panel"
            role={documents.length > 1 ? 'tabpanel' : undefined}
            aria-labelledby={documents.length > 1 ? `proxy-document-tab-${Math.min(shown, documents.length - 1)}` : undefined}
          >
            <DocumentView key={current.id} document={current} />
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
};
