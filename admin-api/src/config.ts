import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => ['true', '1', 'yes'].includes(value));

/** Every environment variable the server reads, parsed once at start-up. */
const environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url({ error: 'must be a postgres:// URL' }).optional(),
  MIGRATION_DATABASE_URL: z.string().url({ error: 'must be a postgres:// URL' }).optional(),
  MIGRATE_ON_START: flag.default(false),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_URL: z.string().url({ error: 'must be the URL staff open, e.g. https://portaldesk.example.org' }).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z.string().optional(),
  COOKIE_SECURE: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DATA_DIR: z.string().min(1).optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  DATABASE_LISTEN_URL: z.string().url({ error: 'must be a postgres:// URL' }).optional(),
});

export type Config = z.output<typeof environment> & { PUBLIC_URL: string; COOKIE_SECURE: boolean };

/** Parses the environment; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Configuration is not valid:\n${problems}`);
  }
  const publicUrl = parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`;
  return {
    ...parsed.data,
    PUBLIC_URL: publicUrl,
    COOKIE_SECURE: parsed.data.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
  };
}

/** express's "trust proxy" from TRUST_PROXY: a hop count, true/false, or addresses. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
