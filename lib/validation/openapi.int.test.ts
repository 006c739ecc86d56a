import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { openApiDocument } from './openapi';

const ROOT = path.resolve(import.meta.dirname, '../../app/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every route file under app/api as "METHOD /api/path/{param}", from what the module exports. */
async function routeOperations(): Promise<string[]> {
  const files = (await readdir(ROOT, { recursive: true }))
    // a catch-all ([[...path]]) answers 404 for what no route serves: not an operation
    .filter((f) => f.endsWith('route.ts') && !f.startsWith('auth') && !f.includes('[...') && !f.includes('[[...'));
  const ops: string[] = [];
  for (const file of files) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const urlPath = `/api/${path.dirname(file).split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}');
    for (const m of METHODS) if (typeof mod[m] === 'function') ops.push(`${m} ${urlPath}`);
  }
  return ops.sort();
}

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; security: unknown[]; parameters: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};

describe('GET /api/v1/openapi.json', () => {
  it('is public and answers an OpenAPI 3.1 document', async () => {
    const res = await getOpenApi();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route file and method, and nothing else', async () => {
    const doc = openApiDocument() as Doc;
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(await routeOperations());
  });

  it('resolves every $ref, names every path parameter, and documents the error statuses', async () => {
    const doc = openApiDocument() as Doc;
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas, ref).toHaveProperty(name);
    }
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(op.parameters.filter((x) => x.in === 'path').map((x) => x.name), `${method} ${p}`).toEqual(params);
        if (op.security.length) expect(Object.keys(op.responses), `${method} ${p}`).toContain('401');
      }
    }
    const list = doc.paths['/api/v1/alerts']!.get!;
    expect(list.parameters.map((x) => x.name)).toEqual(expect.arrayContaining(['status', 'severity', 'alert_type', 'rule_id', 'resource', 'q', 'from', 'to', 'page', 'page_size', 'cursor', 'scope', 'view', 'unread_only']));
    expect(doc.paths['/api/v1/alerts/{id}/acknowledge']!.post!.responses).toHaveProperty('409');
    expect(doc.paths['/api/v1/alerts/rules']!.get).toMatchObject({ 'x-permission': 'alerts.manage' });
    expect(doc.paths['/api/v1/openapi.json']!.get!.security).toEqual([]);
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });
});
