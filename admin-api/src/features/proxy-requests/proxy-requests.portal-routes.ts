import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { proxyRequestBody, proxyRequestForPortal, proxyRequestReceived } from './proxy-requests.schema.ts';
import { addRequestDocuments, showProxyRequestToPortal, submitProxyRequest, withdrawProxyRequest } from './proxy-requests.service.ts';
import { readDocumentUpload } from './proxy-requests.uploads.ts';

const upload = { mediaType: 'multipart/form-data', jsonPart: 'request', filePart: 'documents' } as const;
const uploadErrors = {
  413: 'file_too_large: a document is larger than 10 MB (named); too_many_files: more than 5 documents',
  415: 'unsupported_media_type: not multipart/form-data; unsupported_document_type: a document is not a PDF, PNG or JPEG by its content (named)',
} as const;

/** What the portal sends and reads about proxy access requests. */
export function proxyRequestPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/proxy-requests',
      operationId: 'submitProxyRequest',
      tag: 'proxy-requests',
      summary: 'Submit a request for proxy access: a `request` JSON part and zero or more `documents` (an adult patient needs at least one)',
      permission: 'portal-token',
      upload,
      body: proxyRequestBody,
      response: proxyRequestReceived,
      responds: { status: 201, description: 'Received; ROI decides by `dueAt`' },
      errors: {
        ...uploadErrors,
        422: 'requester_unknown, requester_inactive, requester_minor, requester_is_patient, relationship_not_allowed, relationship_exists, request_open, documents_required: the field named cannot be accepted; nothing was stored',
      },
      async handler({ req, res, actor }) {
        const { body, documents } = await readDocumentUpload(req, { jsonPart: upload.jsonPart, body: proxyRequestBody });
        res.status(201).json(await submitProxyRequest(deps, actor, body!, documents));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/proxy-requests/:id',
      operationId: 'getProxyRequestStatus',
      tag: 'proxy-requests',
      summary: "A request's status, ROI's question or reason for the requester, and the access an approval created",
      permission: 'portal-token',
      params: z.object({ id: idParam }),
      response: proxyRequestForPortal,
      async handler({ res, actor, params }) {
        res.json(await showProxyRequestToPortal(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-requests/:id/documents',
      operationId: 'addProxyRequestDocuments',
      tag: 'proxy-requests',
      summary: "Answer ROI's request for more information with documents: the decision clock resumes",
      permission: 'portal-token',
      upload,
      params: z.object({ id: idParam }),
      response: proxyRequestForPortal,
      errors: { ...uploadErrors, 409: 'wrong_state: the request is decided or withdrawn', 422: 'documents_required: no document was sent' },
      async handler({ req, res, actor, params }) {
        const { documents } = await readDocumentUpload(req);
        res.json(await addRequestDocuments(deps, actor, params.id, documents));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-requests/:id/withdraw',
      operationId: 'withdrawProxyRequest',
      tag: 'proxy-requests',
      summary: 'The requester takes the request back before ROI decides it',
      permission: 'portal-token',
      params: z.object({ id: idParam }),
      response: proxyRequestForPortal,
      errors: { 409: 'already_decided: ROI decided it, or it was withdrawn already' },
      async handler({ res, actor, params }) {
        res.json(await withdrawProxyRequest(deps, actor, params.id));
      },
    }),
  ];
}
