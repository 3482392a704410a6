import { ACTIVATION_REFUSED } from './activation-refused.ts';

const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({
  description,
  content: json({ type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } } }),
});

/** The OpenAPI 3 document of the portal integration API, served at /portal-api/v1/openapi.json. */
export function portalOpenApiDocument(serverUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'PortalDesk portal integration API',
      version: '1',
      description:
        'Called by the patient portal with a bearer token an administrator creates in PortalDesk. Pass the patient’s IP address in X-Patient-Address.',
    },
    servers: [{ url: `${serverUrl}/portal-api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      parameters: {
        patientAddress: { name: 'X-Patient-Address', in: 'header', required: false, schema: { type: 'string' }, description: 'The patient’s IP address' },
      },
    },
    paths: {
      '/activations': {
        post: {
          summary: 'Redeem an activation code: creates the active portal account',
          parameters: [{ $ref: '#/components/parameters/patientAddress' }],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['code', 'dateOfBirth', 'username'],
              properties: {
                code: { type: 'string', example: 'PY2XJ-ZW6WD-7RJCD' },
                dateOfBirth: { type: 'string', format: 'date' },
                username: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$' },
              },
            }),
          },
          responses: {
            201: { description: 'The new account', content: json({ type: 'object', properties: { account: { type: 'object' } } }) },
            400: error('The username is malformed'),
            401: error('Missing, unknown or revoked token'),
            409: error('username_taken: choose another username'),
            [ACTIVATION_REFUSED.status]: error('activation_refused: the same answer for every kind of refusal'),
            429: error('Too many failed activations from this device; see Retry-After'),
          },
        },
      },
      '/sign-in-events': {
        post: {
          summary: 'Report a portal sign-in success, failure or lock (an unknown username is answered alike)',
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['username', 'event'],
              properties: { username: { type: 'string' }, event: { type: 'string', enum: ['success', 'failure', 'locked'] }, occurredAt: { type: 'string', format: 'date-time', description: 'Within the last 30 days; defaults to now' } },
            }),
          },
          responses: { 202: { description: 'Received (the same whether or not the username has an account)' }, 400: error('A field is not valid'), 401: error('Bad token') },
        },
      },
      '/identity-check-failures': {
        post: {
          summary: 'Report a failed identity check at self sign-up',
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['familyName', 'givenName', 'dateOfBirth', 'reason'],
              properties: {
                familyName: { type: 'string' },
                givenName: { type: 'string' },
                dateOfBirth: { type: 'string', format: 'date' },
                email: { type: 'string', format: 'email' },
                phone: { type: 'string' },
                reason: { type: 'string' },
              },
            }),
          },
          responses: {
            201: { description: 'Queued for support; the answer never says whether it matched a patient', content: json({ type: 'object', properties: { id: { type: 'integer' } } }) },
            400: error('A field is not valid'),
            401: error('Bad token'),
          },
        },
      },
      '/password-resets/spend': {
        post: {
          summary: 'Spend a password-reset link support sent; answers whose account it opens',
          requestBody: { required: true, content: json({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }) },
          responses: { 200: { description: 'The account' }, 401: error('Bad token'), 410: error('Unknown, used or expired link') },
        },
      },
    },
  };
}
