import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * The compressed copies scripts/build.mjs writes beside each file worth compressing, in the
 * order the console prefers them: brotli is about a sixth smaller than gzip on its scripts.
 */
export const PRECOMPRESSED = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
type Coding = (typeof PRECOMPRESSED)[number]['coding'];

/** Vite names every file under assets/ by a hash of its content: a changed file is a new URL. */
const HASHED_ASSET = 'public, max-age=31536000, immutable';
/** The page names the current assets, so the browser asks again (cheaply, by ETag) on every load. */
const PAGE = 'no-cache';
const OTHER = 'public, max-age=3600';

const cacheControlFor = (relative: string) => (relative === 'index.html' ? PAGE : relative.startsWith('assets/') ? HASHED_ASSET : OTHER);

/**
 * The coding to answer with among `available` (best first) for an Accept-Encoding header
 * (RFC 9110, section 12.5.3): the highest weight wins, ties go to the earlier one, and none
 * (identity) when nothing available is acceptable or identity weighs more.
 */
export function preferredCoding<T extends string>(acceptEncoding: string | undefined, available: readonly T[]): T | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) && weight >= 0 && weight <= 1 ? weight : 0);
  }
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: T | undefined;
  let bestWeight = 0;
  for (const coding of available) {
    if (weightOf(coding) > bestWeight) {
      best = coding;
      bestWeight = weightOf(coding);
    }
  }
  const identity = weights.get('identity') ?? (weights.get('*') === 0 ? 0 : 1);
  return best !== undefined && bestWeight >= identity ? best : undefined;
}

/** URL path ("/assets/index-abc.js") to the file under the folder and the codings written beside it. */
function precompressedFiles(directory: string): Map<string, { relative: string; codings: Coding[] }> {
  const files = new Map<string, { relative: string; codings: Coding[] }>();
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    const relative = entry.split(path.sep).join('/');
    if (PRECOMPRESSED.some(({ suffix }) => relative.endsWith(suffix)) || !statSync(path.join(directory, entry)).isFile()) continue;
    const codings = PRECOMPRESSED.filter(({ suffix }) => existsSync(path.join(directory, entry + suffix))).map(({ coding }) => coding);
    if (codings.length) files.set(`/${relative}`, { relative, codings });
  }
  const page = files.get('/index.html');
  if (page) files.set('/', page);
  return files;
}

/**
 * Serves the built console from `directory`: the precompressed copy the request accepts (with
 * the file's own Content-Type, the copy's length and `Vary: Accept-Encoding`), else the file
 * itself; hashed assets cached for a year, the page revalidated on every load. The copies are
 * listed once, at start: a new build comes with a restart.
 *
 * Only these files are ever compressed, never an API answer: an answer that carries a secret
 * (a one-time activation code, a password link) beside text the caller chose (a search, a
 * name) would let an attacker who can inject requests and watch their sizes guess the secret
 * byte by byte from how well it compresses (BREACH). The console's files hold no secrets.
 */
export function serveConsole(directory: string): RequestHandler[] {
  const precompressed = precompressedFiles(directory);
  const negotiate: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = precompressed.get(req.path);
    if (!file) return next();
    res.vary('Accept-Encoding');
    const coding = preferredCoding(req.headers['accept-encoding'], file.codings);
    if (!coding) return next();
    const { suffix } = PRECOMPRESSED.find((candidate) => candidate.coding === coding)!;
    res.set({ 'Content-Encoding': coding, 'Cache-Control': cacheControlFor(file.relative) });
    res.type(path.extname(file.relative));
    res.sendFile(file.relative + suffix, { root: directory, cacheControl: false }, (error?: NodeJS.ErrnoException & { status?: number }) => {
      if (!error || res.headersSent) return;
      // The copy vanished (a rebuild under a running server): the plain file may still be there.
      res.removeHeader('Content-Encoding');
      res.removeHeader('Cache-Control');
      res.removeHeader('Content-Type');
      next(error.status === 404 ? undefined : error);
    });
  };
  const plain = express.static(directory, {
    index: 'index.html',
    cacheControl: false,
    setHeaders: (res, file) => res.set('Cache-Control', cacheControlFor(path.relative(directory, file).split(path.sep).join('/'))),
  });
  return [negotiate, plain];
}
