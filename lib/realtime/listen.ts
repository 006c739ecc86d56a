import postgres from 'postgres';

// one connection per database for every channel this process listens on (live inbox, delivery worker)
const g = globalThis as unknown as { __opsAlertsListeners?: Map<string, postgres.Sql> };

/**
 * LISTEN on `channel` over the process's shared listening connection to DATABASE_URL.
 * postgres.js re-establishes the LISTEN after a dropped connection by itself, calling
 * `onListen` each time it is (re)established. Resolves to a handle with `unlisten()`.
 */
export function listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const clients = (g.__opsAlertsListeners ??= new Map());
  let client = clients.get(url);
  if (!client) clients.set(url, (client = postgres(url, { max: 1, onnotice: () => {} })));
  return client.listen(channel, onNotify, onListen);
}
