import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, type Harness } from './testing/harness.ts';

// A console build as scripts/build.mjs leaves it: compressed copies beside the files worth it.
const SCRIPT = `export const greeting = ${JSON.stringify('hello from the console '.repeat(200))};\n`;
const PAGE = `<!doctype html><html><head><script type="module" src="/assets/index-4f9c2b1a.js"></script></head><body>${'<p>PortalDesk</p>'.repeat(100)}</body></html>`;
const TINY = 'export const x = 1;\n';

let ui: string;
let h: Harness;
let server: http.Server;
let port: number;

beforeAll(async () => {
  ui = mkdtempSync(path.join(os.tmpdir(), 'portaldesk-ui-'));
  mkdirSync(path.join(ui, 'assets'));
  for (const [file, text, compressed] of [
    ['index.html', PAGE, true],
    ['assets/index-4f9c2b1a.js', SCRIPT, true],
    ['assets/tiny-0a1b2c3d.js', TINY, false],
  ] as const) {
    writeFileSync(path.join(ui, file), text);
    if (compressed) {
      writeFileSync(path.join(ui, `${file}.br`), brotliCompressSync(text));
      writeFileSync(path.join(ui, `${file}.gz`), gzipSync(text));
    }
  }
  h = await createHarness({ uiDirectory: ui });
  server = http.createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
  rmSync(ui, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The bytes exactly as they cross the wire: no client decompresses them first. */
function rawGet(urlPath: string, acceptEncoding?: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: urlPath, method, headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const SCRIPT_PATH = '/assets/index-4f9c2b1a.js';
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

describe('serving the console', () => {
  it('when Chromium asks for a hashed script (gzip, deflate, br), then it gets the brotli copy, typed as JavaScript, with its exact length, Vary and a year of immutable caching', async () => {
    const response = await rawGet(SCRIPT_PATH, 'gzip, deflate, br, zstd');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^text\/javascript; charset=utf-8$/);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
    expect(response.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(response.body).toString()).toBe(SCRIPT);
  });

  it('when the browser accepts gzip but not brotli, then it gets the gzip copy with the same headers', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const response = await rawGet(SCRIPT_PATH, accept);
      expect(response.headers['content-encoding'], accept).toBe('gzip');
      expect(response.headers['content-type']).toMatch(/^text\/javascript/);
      expect(response.headers.vary).toMatch(/Accept-Encoding/);
      expect(response.headers['cache-control']).toBe(YEAR_IMMUTABLE);
      expect(Number(response.headers['content-length'])).toBe(response.body.length);
      expect(gunzipSync(response.body).toString()).toBe(SCRIPT);
    }
  });

  it('when the request accepts no compression, then it gets the plain file, still marked as varying by Accept-Encoding', async () => {
    for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0, identity']) {
      const response = await rawGet(SCRIPT_PATH, accept);
      expect(response.status, String(accept)).toBe(200);
      expect(response.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/^text\/javascript/);
      expect(response.headers.vary).toMatch(/Accept-Encoding/);
      expect(response.headers['cache-control']).toBe(YEAR_IMMUTABLE);
      expect(Number(response.headers['content-length'])).toBe(SCRIPT.length);
      expect(response.body.toString()).toBe(SCRIPT);
    }
  });

  it('when a HEAD asks for the brotli copy, then the headers announce its length and no body comes', async () => {
    const head = await rawGet(SCRIPT_PATH, 'br', 'HEAD');
    const get = await rawGet(SCRIPT_PATH, 'br');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('when the page is loaded, then it comes compressed and is revalidated on every load (no-cache), so a new build shows at once', async () => {
    for (const urlPath of ['/', '/index.html']) {
      const response = await rawGet(urlPath, 'gzip, deflate, br');
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8$/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(response.body).toString()).toBe(PAGE);
    }
  });

  it('when a file has no compressed copy (compressing made it no smaller), then it comes plain, still cached as a hashed asset', async () => {
    const response = await rawGet('/assets/tiny-0a1b2c3d.js', 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    expect(response.body.toString()).toBe(TINY);
  });

  it('when an asset that does not exist is asked for, then 404, never cached as immutable', async () => {
    for (const urlPath of ['/assets/index-00000000.js', '/assets/index-00000000.js.br', '/assets/../../etc/passwd']) {
      const response = await rawGet(urlPath, 'gzip, deflate, br');
      expect(response.status, urlPath).toBe(404);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['cache-control'] ?? '').not.toMatch(/immutable|max-age/);
    }
  });

  it('when an API answer carries a one-time code beside what the caller sent, then it is never compressed, whatever the request accepts (BREACH)', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex);
    const issued = await desk.agent
      .post(`/api/patients/${patient.id}/activation-codes`)
      .set('X-CSRF-Token', desk.csrf)
      .set('Accept-Encoding', 'gzip, deflate, br')
      .send({})
      .expect(201);
    expect(issued.body.code).toEqual(expect.any(String));
    const search = await desk.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ q: patient.family_name }) })
      .set('Accept-Encoding', 'gzip, deflate, br')
      .expect(200);
    expect(search.text).toContain(patient.family_name);
    for (const response of [issued, search]) {
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.text));
    }
  });
});
