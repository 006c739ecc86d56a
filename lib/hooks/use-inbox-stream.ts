'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { UnreadCount } from '@/lib/alerts/inbox';
import type { StreamAlert } from '@/lib/realtime/stream';
import { alertKeys } from './alerts-api';
import { teamKeys } from './team-view';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Keeps the TanStack Query caches in step with the server over SSE: `count` replaces the unread
 * count, `alert` and `changed` refresh the lists, feeds and details. EventSource reconnects by
 * itself and sends Last-Event-ID, so alerts that arrived while offline are replayed.
 */
export function useInboxStream(onAlert: (alert: StreamAlert) => void): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const onAlertRef = useRef(onAlert);
  useEffect(() => {
    onAlertRef.current = onAlert;
  }, [onAlert]);

  useEffect(() => {
    // while one of our own changes is in flight its optimistic state wins; it refetches everything when it settles
    const mutating = () => queryClient.isMutating({ mutationKey: alertKeys.all }) > 0;
    const refresh = () => {
      if (mutating()) return;
      // the team view too: `changed` with kind team means an alert of the viewer's people moved
      for (const queryKey of [alertKeys.lists, alertKeys.feeds, alertKeys.details, teamKeys.all]) void queryClient.invalidateQueries({ queryKey });
    };
    const source = new EventSource('/api/v1/alerts/stream');
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    source.addEventListener('count', (e) => {
      if (!mutating()) queryClient.setQueryData<UnreadCount>(alertKeys.unreadCount, JSON.parse((e as MessageEvent).data));
    });
    source.addEventListener('alert', (e) => {
      onAlertRef.current(JSON.parse((e as MessageEvent).data));
      refresh();
    });
    source.addEventListener('changed', refresh);
    return () => source.close();
  }, [queryClient]);

  return state;
}
