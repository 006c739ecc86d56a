'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { UnreadCount } from '@/lib/alerts/inbox';
import type { StreamAlert } from '@/lib/realtime/stream';
import { alertKeys } from './alerts-api';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Keeps the TanStack Query caches in step with the server over SSE: `count` replaces the unread
 * count, `alert` and `changed` refresh the lists. EventSource reconnects by itself and sends
 * Last-Event-ID, so alerts that arrived while offline are replayed.
 */
export function useInboxStream(onAlert: (alert: StreamAlert) => void): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    const source = new EventSource('/api/v1/alerts/stream');
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    source.addEventListener('count', (e) => {
      queryClient.setQueryData<UnreadCount>(alertKeys.unreadCount, JSON.parse((e as MessageEvent).data));
    });
    source.addEventListener('alert', (e) => {
      onAlert(JSON.parse((e as MessageEvent).data));
      void queryClient.invalidateQueries({ queryKey: alertKeys.lists });
    });
    source.addEventListener('changed', () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.lists });
    });
    return () => source.close();
    // onAlert is read through a ref by the caller; reconnecting on its identity would drop events
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient]);

  return state;
}
