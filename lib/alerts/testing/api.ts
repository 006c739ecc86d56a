import { db } from '@/db/client';
import type { User } from '@/db/schema';
import { permissionsFor, type Viewer } from '@/lib/auth/permissions';
import { raiseAlert } from '@/lib/alerts/raise';
import type { Severity } from '@/db/schema';

/** Test helpers for the alerts API: call exported route handlers the way Next does, raise alerts for given users. */

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type Route = (req: Request, ctx: RouteContext) => Promise<Response>;
export type CallResult = { status: number; body: unknown; contentType: string | null };

export async function call(
  route: Route,
  opts: { method?: string; path?: string; token?: string | null; body?: unknown; params?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await route(
    new Request(`http://localhost${opts.path ?? '/api/v1/alerts'}`, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(opts.params ?? {}) },
  );
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, contentType: res.headers.get('content-type') };
}

export const asViewer = (u: Pick<User, 'id' | 'email' | 'name' | 'role'>): Viewer => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  permissions: permissionsFor(u.role),
  via: 'session',
});

let raised = 0;

/** A new alert (its own fingerprint) in the inboxes of `users`, raised by `by` (an admin or manager). */
export async function raiseFor(
  by: Viewer,
  users: { id: number }[],
  opts: { alert_type?: string; severity?: Severity; title?: string; message?: string; resource?: { type: string; id: string } } = {},
): Promise<number> {
  raised += 1;
  const { alert } = await raiseAlert(db, by, {
    alert_type: opts.alert_type ?? 'test_alert',
    severity: opts.severity ?? 'warning',
    title: opts.title ?? `Test alert ${raised} ${Math.random().toString(36).slice(2, 8)}`,
    message: opts.message ?? '',
    context: {},
    recipients: users.map((u) => `user:${u.id}` as const),
    fingerprint: `test-${raised}-${Math.random().toString(36).slice(2)}`,
    cooldown_minutes: 0,
    ...(opts.resource ? { resource: opts.resource } : {}),
  });
  return alert.id;
}
