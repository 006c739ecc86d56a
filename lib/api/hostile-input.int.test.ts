import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { notInArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as cronGet } from '@/app/api/cron/[job]/route';
import { GET as listAudit } from '@/app/api/v1/admin/audit/route';
import { POST as runJob } from '@/app/api/v1/admin/jobs/[job]/run/route';
import { POST as ingestEvents } from '@/app/api/v1/events/route';
import { db } from '@/db/client';
import { cronRuns } from '@/db/schema';
import { seedDefaultRules } from '@/lib/checks/default-rules';
import { JOBS } from '@/lib/cron/jobs';
import { runCronJob } from '@/lib/cron/run';
import { createComplaint, createUser, tokenFor } from '@/test/fixtures';
import { frontDoor } from './front-door';
import { MAX_JSON_DEPTH } from './safe-input';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every API route file under app/api/v1 and app/api/cron, the metrics route and the catch-all, with its methods. */
function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? routeFiles(p) : f === 'route.ts' ? [p] : [];
  });
}
const ROUTES = [
  ...routeFiles(path.resolve('app/api/v1')),
  ...routeFiles(path.resolve('app/api/v2')),
  ...routeFiles(path.resolve('app/api/cron')),
  ...routeFiles(path.resolve('app/api/metrics')),
  path.resolve('app/api/[[...path]]/route.ts'),
]
  // an endless response; covered by its own tests
  .filter((file) => !file.includes(`${path.sep}stream${path.sep}`))
  .map((file) => ({ file, route: path.relative('app', path.dirname(file)) }));

/** Query parameters any route reads, each given a NUL (and a NUL in a parameter's name). */
const PARAMS = ['bucket', 'team', 'filter', 'receiver', 'silenced', 'inhibited', 'q', 'resource_type', 'resource_id', 'target_id', 'target_type', 'action', 'actor_id', 'status', 'severity', 'alert_type', 'rule_id', 'channel', 'scope', 'view', 'cursor', 'from', 'to', 'page', 'page_size', 'sort', 'role', 'active', 'owner', 'job', 'type'];
const QUERIES = [
  '',
  '?page=-1',
  '?page_size=1e9',
  '?cursor=%00%ff',
  '?cursor=start&page=2',
  '?from=yesterday&to=',
  '?q=%25%5C_%27%22',
  '?scope=everything',
  '?view=__proto__',
  '?severity[]=x',
  '?status=firing&status=resolved',
  `?q=${'x'.repeat(5000)}`,
  '?q=%ED%A0%80',
  '?q%00=x',
  // Alertmanager matchers: broken, hostile patterns, a label name where a value goes
  '?filter=alertname',
  '?filter=a%3D~%22(%22',
  '?filter=a%3D~%22(a%2B)%2B%24%22&filter=b%21~%22%5C%5C%22',
  `?filter=${'a%3D%22x%22&filter='.repeat(30)}a%3D%22x%22`,
  '?filter=%7Ba%3D%22b%22%2Cc%3D%22d%22%7D',
  '?receiver=(',
  ...PARAMS.map((p) => `?${p}=a%00b`),
  ...PARAMS.map((p) => `?${p}=constructor`),
];

/** Text fields of any body, each given a NUL and a lone surrogate. */
const FIELDS = ['title', 'message', 'note', 'name', 'email', 'password', 'q', 'resource_type', 'resource_id', 'target_id', 'type', 'event_type', 'alert_type', 'rule_name', 'reason', 'timezone', 'token', 'description', 'url', 'slack_channel', 'check', 'action', 'fingerprint', 'scopes'];
/** `{"a":{"a":…1…}}` as text: JSON.stringify itself cannot write it that deep. */
const deepText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** Where a value goes into a URL: a lone surrogate cannot be percent-encoded, so it travels in the params only. */
const inUrl = (value: string) => (value.isWellFormed() ? encodeURIComponent(value) : 'x');
const BODIES: unknown[] = [
  '',
  'null',
  '[]',
  '{"a":',
  '"string"',
  42,
  { ids: ['1', -1, 1e308] },
  { action: 'explode', ids: [1] },
  { until: '9999-99-99T99:99:99Z' },
  { minutes: Number.MAX_SAFE_INTEGER },
  { subscriptions: [{ alert_type: '../../etc', is_enabled: 'yes' }] },
  { timezone: "+05:00'; drop table users; --", quiet_hours: { start: '25:61', end: '7' } },
  { quiet_hours: { start: '22:00', end: '22:00' }, min_email_severity: 'apocalyptic' },
  { type: 'custom', event_type: 'x', attributes: { ['k'.repeat(100)]: { deep: { deeper: [1] } } } },
  { events: Array.from({ length: 3 }, () => ({ type: 'metric', metric: 'm', value: '1' })) },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
  { email: 'NOT AN EMAIL', name: 'x'.repeat(1000), role: 'root', manager_id: -1, active: 'no' },
  { token: 'A'.repeat(43), email: 'a@b.c', name: '\u0000', password: 'x'.repeat(100_000) },
  JSON.stringify({ nested: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) }),
  // nesting: past the cap, far past it, and too deep for JSON.parse itself
  `{"context":${deepText(MAX_JSON_DEPTH + 1)}}`,
  `{"type":"custom","event_type":"x","title":"t","context":${deepText(5000)}}`,
  '['.repeat(200_000) + ']'.repeat(200_000),
  // prototype names where a name is looked up
  { check: 'constructor', rule_name: 'x', conditions: {}, alert_config: {} },
  { check: '__proto__', alert_type: 'toString', channel: 'hasOwnProperty', job: 'valueOf' },
  { type: '__proto__', event_type: 'constructor', attributes: { __proto__: 1 } },
  ...FIELDS.map((f) => ({ [f]: 'a\u0000b' })),
  ...FIELDS.map((f) => ({ [f]: '\ud800' })),
  { context: { nested: ['ok', 'x\u0000'] } },
  // Alertmanager and Grafana shapes, wrong in every way they can be
  [{ labels: { alertname: 'a\u0000b' } }],
  [{ labels: { ['__proto__']: 'x', constructor: 'y' } }],
  [{ labels: { a: 'b' }, annotations: { summary: '\ud800' }, startsAt: '0000-00-00T00:00:00Z' }],
  [{ labels: { a: 'b' }, endsAt: '0001-01-01T00:00:00Z', generatorURL: 'javascript:alert(1)' }],
  [{ labels: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`l${i}`, 'v'])) }],
  { version: '4', alerts: [{ status: 'firing', labels: { a: 'b' }, fingerprint: 'x'.repeat(100) }] },
  { alerts: [{ status: 'resolved', labels: { 'bad name': 'x' } }] },
  { alerts: 'all of them' },
  { attributes: { 'k\u0000': 1 } },
  { ids: [1], note: '\udfff' },
];
const IDS = ['0', '-1', 'abc', '1.5', '99999999999999999999', '%00', "1'--", '9007199254740993', '\u0000', 'constructor'];
// a one-time link's token: nothing, too short, too long, odd bytes, a path, and a well-formed one nobody was given
const LINK_TOKENS = ['', 'x', 'a'.repeat(500), '%00%ff', '../../etc/passwd', "x' or '1'='1", 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '\u0000', '\ud800'];
// names looked up in a table of jobs: none is an own entry
const JOB_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'no-such-job', '\u0000', 'x'.repeat(300)];
/** The dynamic segment a route is exercised through, and its hostile values. */
const segmentOf = (route: string): [string, string[]] =>
  route.includes('[token]') ? ['token', LINK_TOKENS] : route.includes('[job]') ? ['job', JOB_NAMES] : route.includes('[id]') ? ['id', IDS] : ['id', ['1']];

// malformed percent-escapes: not hex, cut off, not UTF-8, overlong
const BROKEN_ESCAPES = ['%zz', '%E0%A4%A', '%', '%E0%A4', '%C0%AF', '%ff', '%%', 'a%2', '%ED%A0%80', '%F4%90%80%80'];

let requests = 0;
let token: string;
const cronSecret = () => process.env.CRON_SECRET!;
const auth = (route: string) => `Bearer ${route.startsWith(`api${path.sep}cron`) || route.startsWith('api/cron') ? cronSecret() : token}`;

function check(failures: string[], label: string, res: Response, text: string) {
  if (res.status >= 500) failures.push(`${label} → ${res.status} ${text.slice(0, 200)}`);
  else if (res.status >= 400 && !res.headers.get('content-type')?.includes('application/problem+json')) failures.push(`${label} → ${res.status} not problem+json`);
}

beforeAll(async () => {
  await seedDefaultRules(db);
  const admin = await createUser('admin');
  await createComplaint({ assigneeId: admin.id, responseDueIn: -5 });
  await runCronJob(db, 'sla');
  token = await tokenFor(admin.id);
});

afterAll(() => {
  console.log(`[hostile input] ${requests} hostile requests over ${ROUTES.length} route files`);
});

describe('hostile input', () => {
  it('never makes any API route answer 5xx, and every 4xx is problem+json', async () => {
    const failures: string[] = [];
    for (const { file, route } of ROUTES) {
      const mod = (await import(file)) as Record<string, Handler>;
      for (const method of METHODS.filter((m) => typeof mod[m] === 'function')) {
        const [segment, ids] = segmentOf(route);
        for (const id of ids) {
          const inputs: [string, unknown][] = method === 'GET' || method === 'DELETE' ? QUERIES.map((q) => [q, undefined]) : BODIES.map((b) => ['', b]);
          for (const [query, body] of inputs) {
            const req = new Request(`http://localhost/${route.replace(`[${segment}]`, inUrl(id))}${query}`, {
              method,
              headers: { authorization: auth(route), 'content-type': 'application/json' },
              body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
            });
            const res = await mod[method]!(req, { params: Promise.resolve({ [segment]: id }) });
            requests++;
            const label = `${method} /${route} ${segment}=${JSON.stringify(id)} ${query.slice(0, 60)}${body === undefined ? '' : ` ${String(JSON.stringify(body)).slice(0, 60)}`}`;
            check(failures, label, res, res.status >= 500 ? await res.text() : '');
            await res.body?.cancel();
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('names the field that holds a NUL or a lone surrogate, and refuses JSON nested past the cap', async () => {
    const send = async (body: string) => {
      requests++;
      const res = await ingestEvents(new Request('http://localhost/api/v1/events', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body }), { params: Promise.resolve({}) });
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { errors?: { path: string }[] } };
    };
    const nul = await send(JSON.stringify({ type: 'custom', event_type: 'x', title: 'a\u0000b' }));
    expect(nul).toMatchObject({ status: 400, type: 'application/problem+json', body: { errors: [{ path: 'title' }] } });
    const surrogate = await send(JSON.stringify({ type: 'custom', event_type: 'x', context: { list: ['ok', '\ud800'] } }));
    expect(surrogate).toMatchObject({ status: 400, body: { errors: [{ path: 'context.list.1' }] } });
    const tooDeep = await send(`{"type":"custom","event_type":"x","context":${deepText(5000)}}`);
    expect(tooDeep).toMatchObject({ status: 422, type: 'application/problem+json' });

    requests++;
    const res = await listAudit(new Request('http://localhost/api/v1/admin/audit?target_id=a%00b', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'target_id' }] });
  });

  it('looks job names up as own entries only: a prototype name is a 404 that runs and records nothing', async () => {
    for (const job of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const viaCron = await cronGet(new Request(`http://localhost/api/cron/${job}`, { headers: { authorization: `Bearer ${cronSecret()}` } }), { params: Promise.resolve({ job }) });
      const viaAdmin = await runJob(new Request(`http://localhost/api/v1/admin/jobs/${job}/run`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ job }) });
      requests += 2;
      expect(viaCron.status).toBe(404);
      // a name the job-name pattern allows is looked up, and not found; the others never get that far
      expect(viaAdmin.status).toBe(job === 'constructor' ? 404 : 422);
    }
    // the whole sweep included: no run of anything but a real job was ever recorded
    expect(await db.$count(cronRuns, notInArray(cronRuns.job, Object.keys(JOBS)))).toBe(0);
  });

  it('refuses a chunked body as soon as it passes 1 MiB, without reading the rest', async () => {
    const failures: string[] = [];
    const pulledBefore413 = new Map<string, number>();
    for (const { file, route } of ROUTES) {
      const mod = (await import(file)) as Record<string, Handler>;
      for (const method of (['POST', 'PUT', 'PATCH'] as const).filter((m) => typeof mod[m] === 'function')) {
        const [segment, ids] = segmentOf(route);
        const id = ids[ids.length - 1]!;
        // 40 MiB offered in 64 KiB chunks, no content-length: only what the server pulls is made
        const chunk = new Uint8Array(64 * 1024).fill(0x20);
        let pulled = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= 40 * 1024 * 1024) return controller.close();
            pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        const init = { method, headers: { authorization: auth(route), 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit;
        const res = await mod[method]!(new Request(`http://localhost/${route.replace(`[${segment}]`, inUrl(id))}`, init), { params: Promise.resolve({ [segment]: id }) });
        requests++;
        check(failures, `${method} /${route} chunked`, res, res.status >= 500 ? await res.text() : '');
        await res.body?.cancel();
        if (res.status === 413) pulledBefore413.set(`${method} /${route.split(path.sep).join('/')}`, pulled);
      }
    }
    expect(failures).toEqual([]);
    expect(pulledBefore413.size).toBeGreaterThan(10);
    // the cap (1 MiB; 4 MiB for event and alert batches) and a chunk or two in flight: never the 40 MiB offered
    const slack = 256 * 1024;
    const batch = /\/(events|v2\/alerts|integrations\/\w+)$/;
    for (const [label, pulled] of pulledBefore413) expect(pulled, label).toBeLessThanOrEqual((batch.test(label) ? 4 : 1) * 1024 * 1024 + slack);
  }, 120_000);

  it('answers a path whose escapes do not decode with a 400 problem+json on the production server, before Next', async () => {
    const reachedNext: string[] = [];
    const server = http.createServer(
      frontDoor((req, res) => {
        reachedNext.push(req.url ?? '');
        res.writeHead(299).end();
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const failures: string[] = [];
      const send = async (method: string, url: string) => {
        requests++;
        const res = await fetch(base + url, { method, headers: { authorization: `Bearer ${token}` } });
        return { res, text: await res.text() };
      };
      for (const { file, route } of ROUTES) {
        const mod = (await import(file)) as Record<string, Handler>;
        const urlPath = `/${route.split(path.sep).join('/')}`;
        const [segment] = segmentOf(route);
        for (const method of METHODS.filter((m) => typeof mod[m] === 'function')) {
          for (const broken of BROKEN_ESCAPES) {
            // in the dynamic segment, else after the last static one; and anywhere in the query, which is no path
            const url = urlPath.includes(`[${segment}]`) ? urlPath.replace(`[${segment}]`, broken) : `${urlPath}${broken}`;
            const { res, text } = await send(method, url);
            check(failures, `${method} ${url}`, res, text);
            if (res.status !== 400) failures.push(`${method} ${url} → ${res.status}, not 400`);
          }
          const fine = urlPath.replace(`[${segment}]`, '1');
          const { res } = await send(method, `${fine}?q=%zz`);
          // a query is no path: it goes on to Next
          if (res.status === 400) failures.push(`${method} ${fine}?q=%zz refused`);
        }
      }
      for (const url of ['/api/v1/alerts/%zz/read', '/api/v1/admin/jobs/%E0%A4%A/run', '/api/v1/invites/%', '/%zz', '/notifications/%E0%A4']) {
        const { res, text } = await send('GET', url);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(JSON.parse(text)).toMatchObject({ status: 400, title: 'Bad Request' });
      }
      expect(failures).toEqual([]);
      expect(reachedNext.every((u) => !u.split('?')[0]!.includes('%'))).toBe(true);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 120_000);

  it('sent at least 7,000 hostile requests over every route', () => {
    expect(ROUTES.some((r) => r.route.includes('cron'))).toBe(true);
    expect(requests).toBeGreaterThanOrEqual(7000);
  });
});
