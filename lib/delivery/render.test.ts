import { describe, expect, it } from 'vitest';
import { emailMessage, escapeHtml, escapeSlack, headline, slackMessage, webhookPayload, type OutgoingAlert, type OutgoingEvent } from './render';

const alert: OutgoingAlert = {
  id: 42,
  title: 'Oven <script>alert(1)</script> & fryer down',
  message: 'Line 2 "stopped"',
  severity: 'error',
  status: 'firing',
  alert_type: 'kpi_threshold',
  resource_type: 'site',
  resource_id: 'lyon-2',
  occurrences: 3,
  escalation_level: 0,
  rule_name: 'kitchen_down',
};
const event = (kind: string, details: Record<string, unknown> = {}, actor_name: string | null = null): OutgoingEvent => ({ id: 7, kind, details, at: '2026-11-26T03:00:00.000Z', actor_name });

describe('delivery messages', () => {
  it('escape what people wrote in the HTML email, and keep it verbatim in the text part', () => {
    const mail = emailMessage(alert, event('fired'), 'https://ops.example');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Oven &lt;script&gt;alert(1)&lt;/script&gt; &amp; fryer down');
    expect(mail.html).toContain('Line 2 &quot;stopped&quot;');
    expect(mail.text).toContain('Oven <script>alert(1)</script> & fryer down');
    expect(mail.text).toContain('Open: https://ops.example/alerts/42');
    expect(mail.subject).toBe('[ERROR] Oven <script>alert(1)</script> & fryer down');
  });

  it('say what happened in the subject and the headline', () => {
    expect(emailMessage(alert, event('resolved', { reason: 'condition_cleared' }), 'x').subject).toMatch(/^\[Resolved\] /);
    expect(emailMessage(alert, event('escalated', { level: 2 }), 'x').subject).toMatch(/^\[Escalated L2\] /);
    expect(headline(alert, event('refired'))).toBe('Still firing (3 occurrences)');
    expect(headline(alert, event('acknowledged', {}, 'Ana'))).toBe('Acknowledged by Ana');
    expect(headline(alert, event('resolved', {}, 'Ben'))).toBe('Resolved by Ben');
    expect(headline(alert, event('resolved', { reason: 'expired' }))).toBe('Resolved: expired');
  });

  it('colour Slack by severity, green once resolved, and post to the rule’s channel when it names one', () => {
    expect(slackMessage(alert, event('fired'), 'https://ops.example', '#kitchen')).toMatchObject({
      channel: '#kitchen',
      attachments: [{ color: '#ea580c', title_link: 'https://ops.example/alerts/42', ts: 1795662000 }],
    });
    const resolved = slackMessage(alert, event('resolved'), 'https://ops.example', '');
    expect(resolved).not.toHaveProperty('channel');
    expect(resolved.attachments[0]!.color).toBe('#16a34a');
  });

  it('give webhooks a typed event with the alert and its link', () => {
    expect(webhookPayload(alert, event('escalated', { level: 1 }), 'https://ops.example')).toEqual({
      type: 'alert.escalated',
      timestamp: '2026-11-26T03:00:00.000Z',
      data: {
        alert: expect.objectContaining({ id: 42, severity: 'error', resource: { type: 'site', id: 'lyon-2' }, url: 'https://ops.example/alerts/42' }),
        event: { id: 7, kind: 'escalated', at: '2026-11-26T03:00:00.000Z', actor: null, details: { level: 1 } },
      },
    });
    expect(escapeHtml(`<a href="x">'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;');
  });

  it('escape Slack’s control characters, so nothing from an alert becomes a mention or a link', () => {
    const hostile: OutgoingAlert = { ...alert, title: '<!channel> pay <https://evil.example|here> & <@U123>', message: 'a > b', resource_type: 'x', resource_id: '<!here>' };
    const msg = slackMessage(hostile, event('acknowledged', {}, '<@U999>'), 'https://ops.example', '');
    const text = JSON.stringify(msg);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U|<https:\/\/evil/);
    expect(msg.text).toBe('Acknowledged by &lt;@U999&gt;: &lt;!channel&gt; pay &lt;https://evil.example|here&gt; &amp; &lt;@U123&gt;');
    expect(msg.attachments[0]!.text).toBe('a &gt; b');
    expect(escapeSlack('a & b')).toBe('a &amp; b');
  });
});
