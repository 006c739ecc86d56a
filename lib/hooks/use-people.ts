'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserInput } from '@/lib/validation/users';
import {
  createUserRequest,
  fetchUserPage,
  MANAGER_OPTIONS_QUERY,
  peopleKeys,
  peopleQuery,
  resendInviteRequest,
  revokeInviteRequest,
  toManagerOptions,
  updateUserRequest,
  type PeopleFilters,
} from './people-api';

/** The people list for a set of filters, keyset-paged (the server prefetches the first page of the default filters). */
export function usePeople(filters: PeopleFilters) {
  return useInfiniteQuery({
    queryKey: peopleKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchUserPage(peopleQuery(filters, pageParam), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Who can be someone's manager: active people, by name (the first 200; a larger team searches). */
export function useManagerOptions() {
  return useQuery({
    queryKey: peopleKeys.managers,
    queryFn: async () => toManagerOptions(await fetchUserPage(MANAGER_OPTIONS_QUERY)),
  });
}

/** Every change to people refreshes every list of them (names, managers and invite states show in several). */
function usePeopleMutation<V, T>(mutationFn: (vars: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }) });
}

export const useAddPerson = () => usePeopleMutation(createUserRequest);
export const useUpdatePerson = () => usePeopleMutation(({ id, patch }: { id: number; patch: UpdateUserInput }) => updateUserRequest(id, patch));
export const useResendInvite = () => usePeopleMutation(resendInviteRequest);
export const useRevokeInvite = () => usePeopleMutation(revokeInviteRequest);
