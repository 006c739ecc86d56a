import type { CreatedUser, CreateUserInput, InviteLink, ListUsersQuery, SignedUpUser, UpdateUserInput, AdminUser, UserPage, AcceptInviteInput, SetupInput } from '@/lib/validation/users';
import type { listPersonalTokens } from '@/lib/auth/personal-tokens';
import type { CreateTokenInput } from '@/lib/validation/tokens';
import { request, toSearch } from './alerts-api';

/** The people list's filters as the page holds them: '' means any. */
export type PeopleFilters = { q: string; role: '' | AdminUser['role']; active: '' | 'true' | 'false' };
export const PEOPLE_PAGE_SIZE = 50;
export const DEFAULT_PEOPLE_FILTERS: PeopleFilters = { q: '', role: '', active: '' };
/** Who can be picked as a manager: active people (the first 200 by name). */
export const MANAGER_OPTIONS_QUERY: Partial<ListUsersQuery> = { active: true, limit: 200 };
export const toManagerOptions = (page: UserPage) => page.users.map((u) => ({ id: u.id, name: u.name, role: u.role }));

export const peopleKeys = {
  all: ['people'] as const,
  list: (f: PeopleFilters) => ['people', 'list', f] as const,
  managers: ['people', 'managers'] as const,
};
export const tokenKeys = { all: ['settings', 'tokens'] as const };

/** The list query a set of filters stands for (what the server prefetch passes to listUsers too). */
export const peopleQuery = (f: PeopleFilters, cursor?: string): Partial<ListUsersQuery> => ({
  ...(f.q.trim() ? { q: f.q.trim() } : {}),
  ...(f.role ? { role: f.role } : {}),
  ...(f.active ? { active: f.active === 'true' } : {}),
  ...(cursor ? { cursor } : {}),
  limit: PEOPLE_PAGE_SIZE,
});

export async function fetchUserPage(query: Partial<ListUsersQuery>, signal?: AbortSignal): Promise<UserPage> {
  return (await request(`/api/v1/admin/users?${toSearch(query)}`, { signal })).json();
}

export async function createUserRequest(input: CreateUserInput): Promise<CreatedUser> {
  return (await request('/api/v1/admin/users', { method: 'POST', json: input })).json();
}

export async function updateUserRequest(id: number, patch: UpdateUserInput): Promise<AdminUser> {
  return (await request(`/api/v1/admin/users/${id}`, { method: 'PATCH', json: patch })).json();
}

export async function resendInviteRequest(id: number): Promise<InviteLink> {
  return (await request(`/api/v1/admin/users/${id}/invite`, { method: 'POST' })).json();
}

export async function revokeInviteRequest(id: number): Promise<void> {
  await request(`/api/v1/admin/users/${id}/invite`, { method: 'DELETE' });
}

export async function acceptInviteRequest(token: string, input: AcceptInviteInput): Promise<SignedUpUser> {
  return (await request(`/api/v1/invites/${encodeURIComponent(token)}`, { method: 'POST', json: input })).json();
}

export async function setupRequest(input: SetupInput): Promise<SignedUpUser> {
  return (await request('/api/v1/setup', { method: 'POST', json: input })).json();
}

export type PersonalToken = Awaited<ReturnType<typeof listPersonalTokens>>['tokens'][number];

export async function fetchTokens(): Promise<{ tokens: PersonalToken[] }> {
  return (await request('/api/v1/tokens')).json();
}

export async function createTokenRequest(input: CreateTokenInput): Promise<PersonalToken & { token: string }> {
  return (await request('/api/v1/tokens', { method: 'POST', json: input })).json();
}

export async function revokeTokenRequest(id: number): Promise<void> {
  await request(`/api/v1/tokens/${id}`, { method: 'DELETE' });
}
