import { describe, expect, it } from 'vitest';
import { can, permissionsFor, ROLE_PERMISSIONS, type Viewer } from './permissions';

describe('permissionsFor', () => {
  it.each([
    ['staff', ['alerts.read']],
    ['manager', ['alerts.read', 'alerts.broadcast']],
    ['admin', ['alerts.read', 'alerts.manage', 'alerts.broadcast', 'events.write']],
  ] as const)('a %s session gets the whole role', (role, expected) => {
    expect(permissionsFor(role)).toEqual(expected);
  });

  it('a token gets only the scopes its role also grants', () => {
    expect(permissionsFor('admin', ['alerts.read', 'events.write'])).toEqual(['alerts.read', 'events.write']);
    expect(permissionsFor('staff', ['alerts.read', 'alerts.manage', 'events.write'])).toEqual(['alerts.read']);
    expect(permissionsFor('manager', ['alerts.manage'])).toEqual([]);
  });

  it('a token with no scopes gets nothing', () => {
    expect(permissionsFor('admin', [])).toEqual([]);
  });

  it('ignores scopes that are not permissions', () => {
    expect(permissionsFor('admin', ['alerts.*', 'root', 'ALERTS.READ'])).toEqual([]);
  });

  it('returns a copy the caller may change without touching the role table', () => {
    const granted = permissionsFor('staff');
    granted.push('alerts.manage');
    expect(ROLE_PERMISSIONS.staff).toEqual(['alerts.read']);
    expect(permissionsFor('staff')).toEqual(['alerts.read']);
  });
});

describe('can', () => {
  const viewer = (role: Viewer['role'], scopes?: string[]): Viewer => ({
    id: 1,
    email: 'someone@example.test',
    name: 'Someone',
    role,
    permissions: permissionsFor(role, scopes),
    via: scopes ? 'token' : 'session',
  });

  it('answers from the viewer’s effective permissions', () => {
    expect(can(viewer('admin'), 'alerts.manage')).toBe(true);
    expect(can(viewer('admin', ['alerts.read']), 'alerts.manage')).toBe(false);
    expect(can(viewer('staff'), 'alerts.broadcast')).toBe(false);
    expect(can(viewer('manager'), 'alerts.broadcast')).toBe(true);
  });
});
