import type { Role } from '@/db/schema';
import { ApiError } from '@/lib/api/problem';

export const PERMISSIONS = ['alerts.read', 'alerts.manage', 'alerts.broadcast', 'events.write'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do; an API token gets the intersection with its scopes. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  staff: ['alerts.read'],
  manager: ['alerts.read', 'alerts.broadcast'],
  admin: ['alerts.read', 'alerts.manage', 'alerts.broadcast', 'events.write'],
};

export function permissionsFor(role: Role, scopes?: readonly string[]): Permission[] {
  const granted = ROLE_PERMISSIONS[role] ?? [];
  return scopes ? granted.filter((p) => scopes.includes(p)) : [...granted];
}

export type Viewer = {
  id: number;
  email: string;
  name: string;
  role: Role;
  permissions: Permission[];
  /** how the request authenticated: a browser session, or a personal API token */
  via: 'session' | 'token';
  tokenId?: number;
};

export function can(viewer: Viewer, permission: Permission): boolean {
  return viewer.permissions.includes(permission);
}

export const missingPermission = (permission: Permission) => `Requires permission ${permission}`;

/** The check every lib entry point makes before reading or changing what a permission guards: 403 without it. */
export function requirePermission(viewer: Viewer, permission: Permission): void {
  if (!can(viewer, permission)) throw new ApiError(403, 'Forbidden', missingPermission(permission));
}

/** How the audit log names who acted: through a browser session, or an API token. */
export const auditActorType = (viewer: Viewer): 'user' | 'token' => (viewer.via === 'token' ? 'token' : 'user');
