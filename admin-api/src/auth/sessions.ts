import type { Express, Request, RequestHandler } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Knex } from '@portaldesk/db';
import type { Clock } from '../lib/clock.ts';
import type { SettingsStore } from '../lib/settings.ts';
import { burnVerificationTime, verifySecret } from './passwords.ts';
import type { StaffPrincipal } from './principal.ts';
import type { SessionCache } from './session-cache.ts';
import { PgSessionStore } from './session-store.ts';
import { findPrincipal, findSignInCandidate } from './staff-lookup.ts';

export const SESSION_COOKIE = 'portaldesk.sid';
// Store rows outlive the 12-hour absolute limit a little; the limit itself is checked per request.
const STORE_ROW_LIFETIME_MS = 13 * 60 * 60 * 1000;
// Writing lastSeenAt on every request would turn every read into a write; a minute's
// granularity is plenty for a 15-minute idle limit.
const LAST_SEEN_GRANULARITY_MS = 60_000;

export interface AuthOptions {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  sessionSecret: string;
  secureCookies: boolean;
  /** Reuses session reads for a few seconds (see SessionCache); none: every request reads its session. */
  sessionCache?: SessionCache;
}

export interface AuthKit {
  passport: InstanceType<typeof Passport>;
  store: PgSessionStore;
}

/**
 * Ends a session past its idle or absolute limit before anything else reads it, and notes
 * activity. Runs before passport so an ended session never loads its staff member.
 */
function sessionGuard({ settings, clock }: AuthOptions): RequestHandler {
  return async (req, _res, next) => {
    if (!req.session?.passport?.user) return next();
    const now = clock().getTime();
    const values = await settings.all();
    const idleMs = values['session.idle_minutes'] * 60_000;
    const absoluteMs = values['session.absolute_hours'] * 3_600_000;
    const signedInAt = req.session.signedInAt ?? 0;
    const lastSeenAt = req.session.lastSeenAt ?? 0;
    let ended: string | undefined;
    if (now - signedInAt >= absoluteMs) {
      ended = `Your session ended: a session lasts at most ${values['session.absolute_hours']} hours. Please sign in again.`;
    } else if (now - lastSeenAt >= idleMs) {
      ended = `Your session ended after ${values['session.idle_minutes']} idle minutes. Please sign in again.`;
    }
    if (ended) {
      // regenerate deletes the stored session and leaves an empty, unsaved one on the request.
      await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
      (req as Request & { sessionEnded?: string }).sessionEnded = ended;
    } else if (now - lastSeenAt >= LAST_SEEN_GRANULARITY_MS) {
      req.session.lastSeenAt = now;
    }
    next();
  };
}

/** Sessions in PostgreSQL, passport-local sign-in, and the idle/absolute limits. */
export function installAuth(app: Express, options: AuthOptions): AuthKit {
  const { knex } = options;
  const store = new PgSessionStore(knex, STORE_ROW_LIFETIME_MS, options.clock, options.sessionCache);
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'username', passwordField: 'password' }, (username, password, done) => {
      (async () => {
        const candidate = await findSignInCandidate(knex, username);
        if (!candidate?.password_hash) {
          await burnVerificationTime(password);
          return done(null, false);
        }
        if (!(await verifySecret(candidate.password_hash, password))) return done(null, false);
        const principal = await findPrincipal(knex, candidate.id);
        return done(null, principal ?? false);
      })().catch(done);
    }),
  );
  passport.serializeUser<number>((user, done) => done(null, (user as StaffPrincipal).id));
  // The store read the staff member with the session (see PgSessionStore.get); a session saved
  // during this request (sign-in) has not been read back yet, so look them up then.
  passport.deserializeUser<number, Request>((req, id, done) => {
    const current = req.session?.currentStaff;
    if (current === null) return done(null, false);
    if (current?.id === id) return done(null, current);
    findPrincipal(knex, id).then((principal) => done(null, principal ?? false), done);
  });

  app.use(
    '/api',
    session({
      name: SESSION_COOKIE,
      secret: options.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      unset: 'destroy',
      // A browser-session cookie: closing the browser on a shared workstation signs out.
      cookie: { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' },
    }),
  );
  app.use('/api', sessionGuard(options));
  app.use('/api', passport.initialize());
  app.use('/api', passport.session());
  return { passport, store };
}
