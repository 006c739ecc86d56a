import { CHANNEL_SETTING, type ChannelName, type ChannelSetup } from '@/lib/delivery/config';

const WHAT: Record<ChannelName, { name: string; effect: string }> = {
  email: { name: 'Email', effect: 'no alert email goes out, whatever the settings below say; they are kept for when it is' },
  slack: { name: 'Slack', effect: 'rules that post to Slack record those messages as skipped' },
  webhook: { name: 'Webhooks', effect: 'rules that call a webhook record those calls as skipped' },
};

/** Channels this deployment cannot send through: everyone hears about email; admins about every channel, and the setting that turns it on. */
export function ChannelWarning({ channels, admin }: { channels: ChannelSetup; admin: boolean }) {
  const missing = (Object.keys(WHAT) as ChannelName[]).filter((c) => !channels[c] && (admin || c === 'email'));
  if (missing.length === 0) return null;
  return (
    <div role="status" data-testid="channel-warning" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-400/10 dark:text-amber-200">
      <p className="font-medium">{missing.length === 1 ? `${WHAT[missing[0]!].name} is not set up on this server.` : 'Some delivery channels are not set up on this server.'}</p>
      <ul className="mt-1 space-y-0.5">
        {missing.map((c) => (
          <li key={c} data-testid={`channel-missing-${c}`}>
            {WHAT[c].name}: {WHAT[c].effect}
            {admin ? ` (set ${CHANNEL_SETTING[c]}).` : '. An admin can set it up.'}
          </li>
        ))}
      </ul>
    </div>
  );
}
