import { z } from 'zod';
import { PERMISSIONS } from '@/lib/auth/permissions';
import { COMPONENTS, OPERATIONS, refs, type Auth, type ComponentName, type Operation } from './openapi-operations';

/**
 * The OpenAPI 3.1 document of the whole API, generated from the zod schemas the routes parse
 * with and the lib functions return (z.toJSONSchema emits JSON Schema 2020-12, OpenAPI 3.1's
 * dialect). What it lists lives in ./openapi-operations.ts.
 */

const ERROR_TEXT: Record<number, string> = {
  400: 'Body is not valid JSON',
  401: 'No valid session or API token',
  403: 'Missing permission (or token scope), scope=all for non-admins, or a cross-origin cookie mutation',
  404: 'Not found — also for an alert that is not the viewer\'s',
  409: 'Conflict: the resource is no longer in a state that allows this (or a name or email is taken)',
  410: 'Gone: the link has expired, was used or was withdrawn',
  413: 'Body too large',
  422: 'Input did not match the schema (errors[] lists each issue)',
  500: 'Internal error',
  503: 'Database unreachable',
};

const schemaUri = (name: string) => `#/components/schemas/${name}`;

// drop the $schema/$id of each emitted schema and the ±2^53 bounds z.number().int() adds everywhere
function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return tidy(rest) as Record<string, unknown>;
}

function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'minimum' && value === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && value === Number.MAX_SAFE_INTEGER)) continue;
    out[key] = tidy(value);
  }
  return out;
}

const componentOf = new Map<z.ZodType, ComponentName>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name as ComponentName]));

/** An inline schema; a named component (or a ref() stub inside it) becomes a $ref. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const named = componentOf.get(schema);
  if (named) return { $ref: schemaUri(named) };
  return strip(
    z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      override: ({ zodSchema, jsonSchema: out }) => {
        const name = refs.get(zodSchema);
        if (!name) return;
        for (const key of Object.keys(out)) delete (out as Record<string, unknown>)[key];
        (out as Record<string, unknown>).$ref = schemaUri(name);
      },
    }) as Record<string, unknown>,
  );
}

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: schemaUri });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, strip(s as Record<string, unknown>)]));
}

function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, field]) => {
    const schema = field as z.ZodType;
    const { description, ...rest } = jsonSchema(schema);
    return {
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'job' ? { type: 'string' } : name === 'token' ? { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } : { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
    description:
      name === 'job' ? 'A job of vercel.json' : name === 'token' ? 'The token of a one-time link; an unknown one is a 404' : 'A positive integer id; anything else is a 422 (alerts) or 404 (tokens)',
  }));
}

const SECURITY: Record<Auth, unknown[]> = Object.fromEntries(
  [...PERMISSIONS, 'signed-in', 'public', 'cron', 'metrics'].map((a) => [
    a,
    a === 'public' ? [] : a === 'cron' ? [{ cronSecret: [] }] : a === 'metrics' ? [{ metricsToken: [] }] : [{ bearerToken: [] }, { sessionCookie: [] }],
  ]),
) as Record<Auth, unknown[]>;

function operationObject(op: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(op.responses)) {
    responses[status] =
      body === null
        ? { description: 'No content' }
        : body === 'event-stream'
          ? { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }
          : body === 'prometheus-text'
            ? { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } }
            : { description: 'OK', content: { 'application/json': { schema: typeof body === 'string' ? { $ref: schemaUri(body) } : jsonSchema(body) } } };
  }
  for (const status of op.errors) {
    responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: schemaUri('Problem') } } } };
  }
  // a bearer token refused too often from one address waits (lib/auth/token-limit.ts)
  if (op.errors.includes(401) && op.auth !== 'cron' && op.auth !== 'public' && op.auth !== 'metrics') {
    responses['429'] = {
      description: 'Too many failed token authentications from this address; Retry-After says when to try again',
      headers: { 'Retry-After': { description: 'Seconds until the address may try again', schema: { type: 'integer' } } },
      content: { 'application/problem+json': { schema: { $ref: schemaUri('Problem') } } },
    };
  }
  const permission = op.auth === 'public' || op.auth === 'cron' || op.auth === 'metrics' || op.auth === 'signed-in' ? null : op.auth;
  return {
    operationId: `${op.method}${op.path.replace(/^\/api/, '').replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: op.summary.split(/[;.] /)[0],
    description: op.summary + (permission ? `\n\nRequires permission \`${permission}\`.` : ''),
    ...(permission ? { 'x-permission': permission } : {}),
    security: SECURITY[op.auth],
    parameters: [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])],
    ...(op.body
      ? { requestBody: { required: !op.bodyOptional, content: { 'application/json': { schema: { $ref: schemaUri(op.body) } } } } }
      : {}),
    responses,
  };
}

let cached: Record<string, unknown> | undefined;

/** The document, built once per process. */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Ops Alerts API',
      version: '1.0.0',
      description:
        'Alert and notification center. snake_case JSON; errors are RFC 9457 application/problem+json. Authenticate with a session cookie or Authorization: Bearer <personal API token>; a token grants the intersection of its scopes with its owner\'s role.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'Personal API token (oat_…), created at POST /api/v1/tokens' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'Browser session; mutations must be same-origin' },
        cronSecret: { type: 'http', scheme: 'bearer', description: 'CRON_SECRET' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
      },
    },
  };
  return cached;
}
