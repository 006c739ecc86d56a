'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTokenRequest, fetchTokens, revokeTokenRequest, tokenKeys, type PersonalToken } from './people-api';

/** The viewer's personal API tokens (prefetched by the page). */
export const usePersonalTokens = () => useQuery({ queryKey: tokenKeys.all, queryFn: fetchTokens });

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createTokenRequest, onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }) });
}

/** Revoking takes the token off the list at once; a failure puts it back. */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeTokenRequest,
    onMutate: async (id: number) => {
      await queryClient.cancelQueries({ queryKey: tokenKeys.all });
      const previous = queryClient.getQueryData<{ tokens: PersonalToken[] }>(tokenKeys.all);
      if (previous) queryClient.setQueryData(tokenKeys.all, { tokens: previous.tokens.filter((t) => t.id !== id) });
      return { previous };
    },
    onError: (_e, _id, context) => {
      if (context?.previous) queryClient.setQueryData(tokenKeys.all, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
