import postgres from 'postgres';

export type InboxChange = 'new' | 'inbox' | 'state';
type Listener = (kind: InboxChange) => void;

/**
 * One LISTEN connection per app instance, fanning 'ops_alerts' notifications out to the SSE
 * streams open on this instance, by user. Notifications come from triggers (drizzle/0003), so
 * a change made through any instance reaches viewers connected to every instance.
 */
class InboxHub {
  private listeners = new Map<number, Set<Listener>>();
  private listening: Promise<unknown> | null = null;
  private client: ReturnType<typeof postgres> | null = null;

  subscribe(userId: number, listener: Listener): () => void {
    this.ensureListening();
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(userId);
    };
  }

  get connections(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private ensureListening() {
    if (this.listening) return;
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    this.client = postgres(url, { max: 1, onnotice: () => {} });
    // postgres.js re-establishes the LISTEN after a dropped connection by itself
    this.listening = this.client.listen('ops_alerts', (payload) => this.dispatch(payload)).catch((err) => {
      console.error('[realtime] LISTEN failed', err);
      this.listening = null;
    });
  }

  private dispatch(payload: string) {
    let message: { k?: InboxChange; u?: number[] };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    for (const userId of message.u ?? []) {
      for (const listener of this.listeners.get(Number(userId)) ?? []) listener(message.k ?? 'inbox');
    }
  }
}

const g = globalThis as unknown as { __opsAlertsHub?: InboxHub };
export const inboxHub = (g.__opsAlertsHub ??= new InboxHub());
