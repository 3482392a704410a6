import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Express } from 'express';
import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorHandler } from './errors.ts';
import { readMultipart, type MultipartLimits } from './multipart.ts';
import { minimalJpeg, minimalPdf, minimalPng } from '../testing/documents.ts';

const MiB = 1024 * 1024;
const LIMITS: MultipartLimits = { fields: ['note', 'category'], fileFields: ['documents'], maxFileBytes: 10 * MiB, maxFiles: 3, maxFieldBytes: 1024 };
const SMALL: MultipartLimits = { ...LIMITS, maxFileBytes: 1024, maxFieldBytes: 16 };
// Large enough that node's own buffering cannot hide a request left half-read (it absorbs about 100 KB).
const MEDIUM: MultipartLimits = { ...LIMITS, maxFileBytes: 256 * 1024 };

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

interface Part {
  name: string;
  value?: string | Buffer;
  /** A complete disposition parameter for the file name, such as `filename="a.pdf"`. */
  fileParam?: string;
  contentType?: string;
}

const BOUNDARY = 'test-boundary-7MA4YWxkTrZu0gW';

/** A multipart body written by hand, for what form-data (supertest's encoder) will not send. */
function multipartBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const pieces = parts.map((part) => {
    const disposition = `form-data; name="${part.name}"${part.fileParam ? `; ${part.fileParam}` : ''}`;
    const headers = `Content-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}`;
    return Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n`, 'utf8'), Buffer.from(part.value ?? ''), Buffer.from('\r\n')]);
  });
  return Buffer.concat([...pieces, Buffer.from(`--${boundary}--\r\n`)]);
}

/** What a route saw, and how often a refusal reached the error handler. */
interface TestApp {
  app: Express;
  refusals: number;
  outcomes: Promise<unknown>[];
}

/** One POST route that reads the form and answers what it found, and the API's error handler. */
function testApp(limits: MultipartLimits): TestApp {
  const state: TestApp = { app: express(), refusals: 0, outcomes: [] };
  state.app.post('/upload', async (req, res) => {
    const reading = readMultipart(req, limits);
    state.outcomes.push(
      reading.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
    );
    const { fields, files } = await reading;
    res.json({
      fields,
      files: files.map(({ content, type, ...file }) => ({ ...file, type: type?.label ?? null, matches: content.length === file.bytes })),
    });
  });
  const count: ErrorRequestHandler = (error, _req, _res, next) => {
    state.refusals++;
    next(error);
  };
  state.app.use(count, errorHandler(pino({ level: 'silent' })));
  return state;
}

const sendRaw = (app: Express, body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  supertest(app).post('/upload').set('Content-Type', contentType).send(body);

describe('readMultipart', () => {
  const main = testApp(LIMITS);
  const small = testApp(SMALL);

  it('when a real PDF, PNG and JPEG come with a note, then each is typed by its bytes and hashed', async () => {
    const [pdf, png, jpeg] = [minimalPdf(), minimalPng(), minimalJpeg()];
    const response = await supertest(main.app)
      .post('/upload')
      .field('note', 'Referral letter, page 1\tand 2\r\nsigned')
      .attach('documents', pdf, { filename: 'referral.pdf', contentType: 'application/pdf' })
      .attach('documents', png, { filename: 'scan.png', contentType: 'image/png' })
      .attach('documents', jpeg, { filename: 'photo.jpg', contentType: 'image/jpeg' })
      .expect(200);
    expect(response.body.fields).toEqual({ note: 'Referral letter, page 1\tand 2\r\nsigned' });
    expect(response.body.files).toEqual([
      { field: 'documents', fileName: 'referral.pdf', declaredType: 'application/pdf', bytes: pdf.length, sha256: sha256(pdf), type: 'PDF', matches: true },
      { field: 'documents', fileName: 'scan.png', declaredType: 'image/png', bytes: png.length, sha256: sha256(png), type: 'PNG', matches: true },
      { field: 'documents', fileName: 'photo.jpg', declaredType: 'image/jpeg', bytes: jpeg.length, sha256: sha256(jpeg), type: 'JPEG', matches: true },
    ]);
  });

  it('when an executable is sent as scan.pdf with type application/pdf, then it arrives typed null', async () => {
    const executable = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), minimalPdf()]);
    const response = await supertest(main.app)
      .post('/upload')
      .attach('documents', executable, { filename: 'scan.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(response.body.files).toEqual([
      {
        field: 'documents',
        fileName: 'scan.pdf',
        declaredType: 'application/pdf',
        bytes: executable.length,
        sha256: sha256(executable),
        type: null,
        matches: true,
      },
    ]);
  });

  it('when a file of 11 MB follows a small one, then 413 names the file and its part, and the answer arrives', async () => {
    const response = await supertest(main.app)
      .post('/upload')
      .attach('documents', minimalPdf(), { filename: 'cover.pdf', contentType: 'application/pdf' })
      .attach('documents', Buffer.alloc(11 * MiB, 0x25), { filename: 'big-scan.pdf', contentType: 'application/pdf' })
      .expect(413);
    expect(response.body).toMatchObject({
      code: 'file_too_large',
      message: 'big-scan.pdf is larger than 10 MB.',
      errors: { 'documents[1]': 'is larger than 10 MB' },
    });
  });

  it('when a file is exactly the limit, then it is taken; one byte more, and it is refused', async () => {
    const exact = await sendRaw(small.app, multipartBody([{ name: 'documents', fileParam: 'filename="a.bin"', value: Buffer.alloc(1024, 1) }])).expect(200);
    expect(exact.body.files[0]).toMatchObject({ bytes: 1024, type: null });
    const over = await sendRaw(small.app, multipartBody([{ name: 'documents', fileParam: 'filename="a.bin"', value: Buffer.alloc(1025, 1) }])).expect(413);
    expect(over.body).toMatchObject({ code: 'file_too_large', message: 'a.bin is larger than 1 KB.', errors: { 'documents[0]': 'is larger than 1 KB' } });
  });

  it('when more files come than allowed, then 413 too_many_files names the first one too many', async () => {
    let request = supertest(main.app).post('/upload');
    for (let i = 0; i < 4; i++) request = request.attach('documents', minimalPng(), { filename: `page-${i}.png`, contentType: 'image/png' });
    const response = await request.expect(413);
    expect(response.body).toMatchObject({
      code: 'too_many_files',
      message: 'Send at most 3 files at once.',
      errors: { 'documents[3]': 'goes over the limit of 3 files' },
    });
  });

  it('when a field or a file field the form does not take is sent, then 400 names it', async () => {
    const field = await supertest(main.app).post('/upload').field('comment', 'hello').expect(400);
    expect(field.body).toMatchObject({ code: 'invalid_request', errors: { comment: 'is not a field of this form' } });
    const file = await supertest(main.app).post('/upload').attach('attachment', minimalPdf(), 'a.pdf').expect(400);
    expect(file.body).toMatchObject({
      code: 'invalid_request',
      message: 'attachment is not a field of this form.',
      errors: { attachment: 'is not a field of this form' },
    });
  });

  it('when a text field comes twice, a file comes as a text field or text as a file, then 400 names the field', async () => {
    const twice = await supertest(main.app).post('/upload').field('note', 'one').field('note', 'two').expect(400);
    expect(twice.body).toMatchObject({ code: 'invalid_request', errors: { note: 'was sent more than once' } });
    const fileAsText = await supertest(main.app).post('/upload').attach('note', minimalPdf(), 'note.pdf').expect(400);
    expect(fileAsText.body).toMatchObject({ code: 'invalid_request', errors: { note: 'must be text, not a file' } });
    const textAsFile = await supertest(main.app).post('/upload').field('documents', 'not a file').expect(400);
    expect(textAsFile.body).toMatchObject({ code: 'invalid_request', errors: { documents: 'must be a file' } });
  });

  it('when a text field holds NUL or another control character, then 400 names it; tab, CR and LF pass', async () => {
    const nul = await supertest(main.app).post('/upload').field('note', 'before\u0000after').expect(400);
    expect(nul.body).toMatchObject({ code: 'control_character', errors: { note: 'must not contain control characters' } });
    const escape = await supertest(main.app).post('/upload').field('category', 'x\u001b[2J').expect(400);
    expect(escape.body).toMatchObject({ errors: { category: 'must not contain control characters' } });
  });

  it('when a text field is larger than allowed, then 413 field_too_large names it', async () => {
    await sendRaw(small.app, multipartBody([{ name: 'note', value: 'x'.repeat(16) }])).expect(200);
    const response = await sendRaw(small.app, multipartBody([{ name: 'note', value: 'x'.repeat(17) }])).expect(413);
    expect(response.body).toMatchObject({ code: 'field_too_large', message: 'note is larger than 16 bytes.', errors: { note: 'is larger than 16 bytes' } });
  });

  it('when the body is not multipart/form-data or has no boundary, then 415 asks for multipart/form-data', async () => {
    for (const contentType of ['application/json', 'multipart/form-data', 'multipart/form-data; boundary=""', 'multipart/mixed; boundary=x', 'text/plain']) {
      const response = await sendRaw(main.app, Buffer.from('{"note":"x"}'), contentType).expect(415);
      expect(response.body).toMatchObject({ code: 'unsupported_media_type', message: 'Send the form as multipart/form-data, with a boundary.' });
    }
  });

  it('when the body is compressed, then 415 unsupported_encoding', async () => {
    const response = await sendRaw(main.app, multipartBody([{ name: 'note', value: 'x' }]))
      .set('Content-Encoding', 'gzip')
      .expect(415);
    expect(response.body).toMatchObject({ code: 'unsupported_encoding' });
  });

  it('when the body is cut short, its boundary does not match or a part header is broken, then 400 invalid_request', async () => {
    const whole = multipartBody([{ name: 'documents', fileParam: 'filename="a.pdf"', value: minimalPdf() }]);
    const truncated = await sendRaw(main.app, whole.subarray(0, whole.length - 60)).expect(400);
    expect(truncated.body).toMatchObject({ code: 'invalid_request', message: 'The multipart form could not be read: it is malformed or ended early.' });
    await sendRaw(main.app, whole, 'multipart/form-data; boundary=another-boundary').expect(400);
    await sendRaw(main.app, Buffer.alloc(0)).expect(400);
    const brokenHeader = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\nX\u0001: y\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`,
      'latin1',
    );
    await sendRaw(main.app, brokenHeader).expect(400);
  });

  it('when file names carry paths, control or bidirectional characters, or run long, then only a safe base name is kept', async () => {
    const names = [
      'filename="..\\..\\Windows\\System32\\scan.pdf"',
      'filename="/etc/cron.d/report.pdf"',
      "filename*=UTF-8''evil%00name%07%C2%85.pdf",
      "filename*=UTF-8''invoice%E2%80%AEfdp.exe",
      "filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
      `filename="${'a'.repeat(300)}.pdf"`,
    ];
    const response = await sendRaw(main.app, multipartBody(names.slice(0, 3).map((fileParam) => ({ name: 'documents', fileParam, value: 'x' })))).expect(200);
    expect(response.body.files.map((file: { fileName: string }) => file.fileName)).toEqual(['scan.pdf', 'report.pdf', 'evilname.pdf']);
    const more = await sendRaw(main.app, multipartBody(names.slice(3).map((fileParam) => ({ name: 'documents', fileParam, value: 'x' })))).expect(200);
    expect(more.body.files.map((file: { fileName: string }) => file.fileName)).toEqual(['invoicefdp.exe', 'résumé.pdf', 'a'.repeat(200)]);
  });

  it('when a file has no name, a blank one or only a path, then it is called document', async () => {
    const parts: Part[] = [
      { name: 'documents', contentType: 'application/octet-stream', value: 'x' },
      { name: 'documents', fileParam: 'filename="dir/"', value: 'x' },
      { name: 'documents', fileParam: "filename*=UTF-8''%00%01..", value: 'x' },
    ];
    const response = await sendRaw(main.app, multipartBody(parts)).expect(200);
    expect(response.body.files.map((file: { fileName: string }) => file.fileName)).toEqual(['document', 'document', 'document']);
  });

  it('when one body breaks several rules, then the first refusal answers and the error handler runs once', async () => {
    const before = main.refusals;
    const body = multipartBody([
      { name: 'comment', value: 'unknown' },
      { name: 'note', value: 'a\u0000b' },
      ...Array.from({ length: 5 }, (_, i) => ({ name: 'documents', fileParam: `filename="${i}.pdf"`, value: minimalPdf() })),
    ]);
    const response = await sendRaw(main.app, body).expect(400);
    expect(response.body.errors).toEqual({ comment: 'is not a field of this form', root: { serverError: 'comment is not a field of this form.' } });
    expect(main.refusals - before).toBe(1);
  });
});

describe('readMultipart over one kept-alive connection', () => {
  let server: http.Server;
  let port: number;
  const medium = testApp(MEDIUM);
  beforeAll(async () => {
    server = http.createServer(medium.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const drainedOrClosed = (request: http.ClientRequest) =>
    new Promise<void>((done) => {
      const settle = () => {
        request.off('drain', settle).off('close', settle);
        done();
      };
      request.on('drain', settle).on('close', settle);
    });

  /** Posts `body` in 64 KiB writes, honouring backpressure; settles with the answer or the connection's error. */
  function post(agent: http.Agent, body: Buffer): Promise<{ status?: number; error?: string; reusedSocket: boolean }> {
    return new Promise((resolve) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/upload',
        agent,
        headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': body.length },
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, reusedSocket: request.reusedSocket }));
      });
      request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code, reusedSocket: request.reusedSocket }));
      (async () => {
        for (let offset = 0; offset < body.length && !request.destroyed; offset += 64 * 1024) {
          if (!request.write(body.subarray(offset, offset + 64 * 1024))) await drainedOrClosed(request);
        }
        request.end();
      })().catch(() => undefined);
    });
  }

  const withFile = (bytes: number) => multipartBody([{ name: 'documents', fileParam: 'filename="scan.pdf"', value: Buffer.alloc(bytes, 0x25) }]);

  it('when a file is refused part-way, then the rest is read off and the same connection serves the next request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await post(agent, withFile(MiB))).toEqual({ status: 413, reusedSocket: false });
      expect(await post(agent, multipartBody([{ name: 'note', value: 'next' }]))).toEqual({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });

  it('when a refused body keeps coming far past what any form may hold, then the connection is cut instead of read to the end', async () => {
    const serverSide: net.Socket[] = [];
    const remember = (socket: net.Socket) => serverSide.push(socket);
    server.on('connection', remember);
    // A raw socket, which keeps sending whatever it hears (node's own client stops once answered).
    const body = withFile(16 * MiB);
    const client = net.connect(port, '127.0.0.1');
    const closed = new Promise((resolve) => client.on('close', resolve));
    client.on('error', () => undefined);
    client.write(
      `POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    client.write(body);
    expect(await Promise.race([closed.then(() => 'cut'), delay(5000, 'still open')])).toBe('cut');
    server.off('connection', remember);
    expect(serverSide).toHaveLength(1);
    expect(serverSide[0].destroyed).toBe(true);
    // Cut at the limit (about 260 KB) plus at most as much again as the largest acceptable form (about 870 KB).
    expect(serverSide[0].bytesRead).toBeLessThan(2 * MiB);
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect(await post(agent, multipartBody([{ name: 'note', value: 'next' }]))).toMatchObject({ status: 200 });
    } finally {
      agent.destroy();
    }
  });

  it('when the client goes away mid-upload, then the read rejects instead of waiting forever', async () => {
    const seen = medium.outcomes.length;
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/upload',
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': 10_000 },
    });
    request.on('error', () => undefined);
    request.write(withFile(10_000).subarray(0, 500));
    await vi.waitFor(() => expect(medium.outcomes.length).toBe(seen + 1));
    request.destroy();
    await expect(medium.outcomes[seen]).resolves.toMatchObject({ status: 400, code: 'invalid_request' });
  });
});
