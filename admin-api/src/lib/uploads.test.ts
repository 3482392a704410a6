import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { spoolUpload } from './uploads.ts';

describe('spoolUpload', () => {
  it('when the body fits, then it lands in a private file that remove() deletes', async () => {
    const upload = await spoolUpload(Readable.from(['mrn,family_name\n', 'A1,Rivera\n']), undefined, 1024);
    expect(await fs.readFile(upload.file, 'utf8')).toBe('mrn,family_name\nA1,Rivera\n');
    expect(upload.bytes).toBe(26);
    expect((await fs.stat(upload.file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(upload.file))).mode & 0o777).toBe(0o700);
    await upload.remove();
    expect(existsSync(upload.file)).toBe(false);
  });

  it('when the body is announced or turns out larger than allowed, then 413 and no file is left', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'uploads-test-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      await expect(spoolUpload(Readable.from(['x']), 5000, 1024)).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
      await expect(spoolUpload(Readable.from([Buffer.alloc(700), Buffer.alloc(700)]), undefined, 1024)).rejects.toMatchObject({ status: 413 });
      expect(await fs.readdir(tmp)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});
