import type { TranslateFunction } from 'react-admin';
import type { ProxyRelationshipKind, ProxyRequestKind, ProxyRequestStatus } from '@portaldesk/admin-api/contract';

/** Statuses a decision is still awaited in: ROI may decide, and the queue's "open" filter lists them. */
export const OPEN_STATUSES: readonly ProxyRequestStatus[] = ['submitted', 'more_info_requested'];

export const isOpen = (status: ProxyRequestStatus) => OPEN_STATUSES.includes(status);

/** "Parent — minor", "Power of attorney — adult". */
export const relationshipAndKind = (translate: TranslateFunction, { relationship, kind }: { relationship: ProxyRelationshipKind; kind: ProxyRequestKind }) =>
  translate('portal.proxy.relationship_kind', {
    relationship: translate(`portal.proxy.relationship.${relationship}`, { _: relationship }),
    kind: translate(`portal.proxy.kind.${kind}`, { _: kind }),
  });

const SIZE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A file's size as people read it: "812 bytes", "48.2 kB", "3.1 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${SIZE.format(bytes / 1000)} kB`;
  return `${SIZE.format(bytes / 1_000_000)} MB`;
}

/** Business minutes as hours and minutes: "6 h 30 min". */
export const workingTime = (translate: TranslateFunction, minutes: number) =>
  translate('portal.proxy.hours_minutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
