import { describe, expect, it } from 'vitest';
import { digestEmail, type DigestContent } from './digest-render';

const links = { appUrl: 'https://ops.example', unsubscribeUrl: 'https://ops.example/unsubscribe/7.sig' };
const content: DigestContent = {
  frequency: 'daily',
  period_start: '2026-12-01T08:00:00.000Z',
  total: 4,
  groups: [
    { alert_type: 'sla_breach', count: 3, alerts: [{ id: 11, title: 'C-1 <script>alert(1)</script> & "more"', severity: 'error' }, { id: 12, title: 'C-2 late', severity: 'warning' }] },
    { alert_type: 'payment_failures', count: 1, alerts: [{ id: 13, title: 'Stripe failing', severity: 'critical' }] },
  ],
};

describe('digest email', () => {
  it('counts what it lists, by type, with a link to each alert, in text and HTML', () => {
    const { subject, text, html } = digestEmail(content, links);
    expect(subject).toBe('Your daily digest: 4 unread alerts');
    expect(text).toContain('sla_breach (3)');
    expect(text).toContain('payment_failures (1)');
    expect(text).toContain('https://ops.example/alerts/12');
    expect(text).toContain('… and 1 more: https://ops.example/notifications?tab=unread&type=sla_breach');
    expect(text).toContain('Turn the digest off: https://ops.example/unsubscribe/7.sig');
    expect(html).toContain('href="https://ops.example/alerts/13"');
    expect(html).toContain('href="https://ops.example/unsubscribe/7.sig"');
    expect(html).toContain('href="https://ops.example/notifications?tab=unread&amp;type=sla_breach"');
  });

  it('escapes what alerts say in the HTML, and keeps it as written in the text', () => {
    const { text, html } = digestEmail(content, links);
    expect(html).not.toContain('<script>');
    expect(html).toContain('C-1 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;');
    expect(text).toContain('C-1 <script>alert(1)</script> & "more"');
  });

  it('says "1 unread alert" and "hourly" for one', () => {
    const one: DigestContent = { ...content, frequency: 'hourly', total: 1, groups: [content.groups[1]!] };
    expect(digestEmail(one, links).subject).toBe('Your hourly digest: 1 unread alert');
  });
});
