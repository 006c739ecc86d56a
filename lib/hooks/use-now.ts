'use client';

import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for relative timestamps that stay true on an open tab. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
