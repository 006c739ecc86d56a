'use client';

import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { PreferencesBody, PutPreferencesInput } from '@/lib/validation/preferences';
import type { PutSubscriptionsInput, Subscription, SubscriptionList } from '@/lib/validation/subscriptions';
import { alertKeys, fetchPreferences, fetchSubscriptions, putPreferences, putSubscriptions } from './alerts-api';

/**
 * A settings save: the cache shows the change at once, the server's answer replaces it, and a
 * failure puts the last saved state back. One in flight per key at a time is enough here.
 */
function useOptimisticSave<T, V>(queryKey: QueryKey, send: (vars: V) => Promise<T>, apply: (current: T, vars: V) => T) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: queryKey,
    mutationFn: send,
    onMutate: async (vars) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<T>(queryKey);
      if (previous) queryClient.setQueryData<T>(queryKey, apply(previous, vars));
      return { previous };
    },
    onSuccess: (saved) => queryClient.setQueryData(queryKey, saved),
    onError: (_error, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
    },
  });
}

export function usePreferences() {
  const query = useQuery({ queryKey: alertKeys.preferences, queryFn: fetchPreferences });
  const save = useOptimisticSave<PreferencesBody, PutPreferencesInput>(alertKeys.preferences, putPreferences, (current, change) => ({
    preferences: {
      ...current.preferences,
      ...change,
      quiet_hours: change.quiet_hours === undefined ? current.preferences.quiet_hours : change.quiet_hours,
      digest: { ...current.preferences.digest, ...change.digest },
    },
  }));
  return { query, save };
}

export function useSubscriptions() {
  const query = useQuery({ queryKey: alertKeys.subscriptions, queryFn: fetchSubscriptions });
  const save = useOptimisticSave<SubscriptionList, Subscription>(
    alertKeys.subscriptions,
    (sub) => putSubscriptions({ subscriptions: [sub] } satisfies PutSubscriptionsInput),
    (current, sub) => ({ subscriptions: current.subscriptions.map((s) => (s.alert_type === sub.alert_type ? sub : s)) }),
  );
  return { query, save };
}
