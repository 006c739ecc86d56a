'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { AlertsRequestError } from '@/lib/hooks/alerts-api';

export function Providers({ children }: { children: ReactNode }) {
  // one client per browser tab (and per server render), never shared between users
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // above zero so server-prefetched data is not refetched the moment it hydrates
          queries: {
            staleTime: 30_000,
            retry: (failures, error) => !(error instanceof AlertsRequestError && error.status < 500) && failures < 2,
          },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
