'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { postDeliveryTest } from '@/lib/hooks/alerts-api';
import type { DeliveryTestResult } from '@/lib/validation/delivery-test';
import { fieldClass } from '@/components/ui/field';
import { primaryButtonClass } from '@/components/ui/button';

type Channel = 'email' | 'slack' | 'webhook';
const LABEL: Record<Channel, string> = { email: 'Email to me', slack: 'Slack', webhook: 'Webhook' };
const OUTCOME: Record<DeliveryTestResult['results'][number]['outcome'], { text: string; className: string }> = {
  sent: { text: 'Sent', className: 'text-emerald-700 dark:text-emerald-400' },
  refused: { text: 'Refused', className: 'text-red-700 dark:text-red-400' },
  failed: { text: 'Failed', className: 'text-red-700 dark:text-red-400' },
  not_configured: { text: 'Not configured', className: 'text-slate-600 dark:text-slate-400' },
};

/** Admins: send a test message through the delivery channels and see at once how each went. */
export function DeliveryTest() {
  const [channels, setChannels] = useState<Channel[]>(['email']);
  const [webhookUrl, setWebhookUrl] = useState('');
  const test = useMutation({ mutationFn: postDeliveryTest });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    test.mutate({ channels, ...(channels.includes('webhook') ? { webhook_url: webhookUrl } : {}) });
  };
  const toggle = (c: Channel, on: boolean) => setChannels((cs) => (on ? [...cs, c] : cs.filter((x) => x !== c)));

  return (
    <section aria-labelledby="delivery-test-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id="delivery-test-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        Delivery channels
      </h2>
      <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">Send a test message now to check this server’s email, Slack and webhook settings.</p>
      <form onSubmit={submit} className="mt-3 flex flex-col gap-3">
        <fieldset className="flex flex-wrap gap-x-4 gap-y-2 text-sm text-slate-800 dark:text-slate-200">
          <legend className="sr-only">Channels</legend>
          {(Object.keys(LABEL) as Channel[]).map((c) => (
            <label key={c} className="flex items-center gap-2">
              <input type="checkbox" className="size-4 accent-blue-600" checked={channels.includes(c)} onChange={(e) => toggle(c, e.target.checked)} data-testid={`test-${c}`} />
              {LABEL[c]}
            </label>
          ))}
        </fieldset>
        {channels.includes('webhook') && (
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">Webhook URL</span>
            <input
              type="url"
              required
              placeholder="https://example.com/hooks/ops-alerts"
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.target.value)}
              data-testid="test-webhook-url"
              className={fieldClass}
            />
          </label>
        )}
        <div>
          <button
            type="submit"
            disabled={channels.length === 0 || test.isPending}
            data-testid="send-test"
            className={primaryButtonClass}
          >
            {test.isPending ? 'Sending…' : 'Send a test'}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite" className="mt-3 min-h-5 text-sm">
        {test.isError && <p className="text-red-700 dark:text-red-400">Not sent: {test.error.message}</p>}
        {test.data && (
          <ul data-testid="test-results" className="divide-y divide-slate-100 dark:divide-slate-800">
            {test.data.results.map((r) => (
              <li key={r.channel} data-testid="test-result" data-outcome={r.outcome} className="py-1.5">
                <div className="flex items-center gap-2">
                  <span className="font-medium text-slate-800 capitalize dark:text-slate-200">{r.channel}</span>
                  <span className="min-w-0 truncate text-slate-500 dark:text-slate-400">{r.target}</span>
                  <span className={`ml-auto shrink-0 text-xs font-medium ${OUTCOME[r.outcome].className}`}>
                    {OUTCOME[r.outcome].text} · {r.duration_ms} ms
                  </span>
                </div>
                {r.error && <p className="text-xs break-words text-slate-600 dark:text-slate-400">{r.error}</p>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
