import type { Request, Response } from 'express';
import fs from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.ts';

export interface SpooledUpload {
  file: string;
  bytes: number;
  /** Deletes the file and its folder; safe to call twice. */
  remove(): Promise<void>;
}

const tooLarge = (maxBytes: number) =>
  new AppError(413, 'file_too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Split it and send the parts one by one.`);

/**
 * Writes an uploaded body to a private temporary file (its own 0700 folder) before any work
 * starts, so a slow upload never holds a database transaction open. Refuses, with 413, a body
 * announced or found to be larger than `maxBytes`.
 */
export async function spoolUpload(body: Readable, declaredBytes: number | undefined, maxBytes: number): Promise<SpooledUpload> {
  if (declaredBytes !== undefined && declaredBytes > maxBytes) throw tooLarge(maxBytes);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'portaldesk-upload-'));
  const file = path.join(folder, 'upload');
  const remove = () => fs.rm(folder, { recursive: true, force: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, bytes, remove };
}

/**
 * A CSV import's request: the body spooled to a temporary file (at most `maxBytes`), handed to
 * `work` as a stream with a signal that aborts when the client goes away (so nothing is
 * written), and the file removed whatever happens.
 */
export async function withSpooledCsv<T>(req: Request, res: Response, maxBytes: number, work: (file: Readable, signal: AbortSignal) => Promise<T>): Promise<T> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  const upload = await spoolUpload(req, declared, maxBytes);
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    return await work(createReadStream(upload.file), gone.signal);
  } finally {
    await upload.remove();
  }
}
