// Env-driven configuration: a zod schema per service, every problem printed at once.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export { z };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Secrets may come from mounted files (Kubernetes Secrets as volumes): `X_FILE=/path` supplies
 * `X` when `X` itself is not set. The value is the file's content without its final newline.
 */
export function resolveFileVariables(env: Record<string, string | undefined>, known: ReadonlySet<string>): { env: Record<string, string | undefined>; problems: string[] } {
  const out = { ...env };
  const problems: string[] = [];
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const target = key.slice(0, -'_FILE'.length);
    // Only this service's own settings: other tools' *_FILE variables are none of its business.
    if (!known.has(target) || out[target]) continue;
    try {
      out[target] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      problems.push(`${key}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: out, problems };
}

/** Parses `env` with `schema`; throws ConfigError listing every problem. */
export function parseConfig<S extends z.ZodType>(schema: S, rawEnv: Record<string, string | undefined> = process.env): z.output<S> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const { env, problems: fileProblems } = resolveFileVariables(rawEnv, new Set(shape ? Object.keys(shape) : []));
  const result = schema.safeParse(env);
  if (result.success && fileProblems.length) throw new ConfigError(fileProblems);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError([...fileProblems, ...problems]);
}

/** For entry points: parse or print all problems and exit(1). */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
export const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Settings every service reads. */
export const commonEnv = z.object({
  NODE_ENV: z.enum(NODE_ENVS).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for embedded SQLite)')
      .optional(),
  ),
  NATS_URL: optionalString,
  SALESGRAPH_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lower-case letters, digits and _ (starts with a letter)')
    .default('sales'),
  SALESGRAPH_DATA_DIR: z.string().default('.data'),
  SALESGRAPH_INTERNAL_SECRET: z.string().min(32, 'must be at least 32 characters'),
  SALESGRAPH_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY').default('CNY'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
});
export type CommonEnv = z.output<typeof commonEnv>;
