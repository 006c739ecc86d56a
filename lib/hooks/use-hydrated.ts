'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/** false in the server render and during hydration, true once React runs in the browser (e2e waits on it). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
