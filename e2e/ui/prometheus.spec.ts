import { DEMO_USERS, expect, hydrated, ingestToken, screen, test, uniqueTag } from '../fixtures';

test.describe('alerts from Prometheus in the product', () => {
  test('the alert page shows labels, annotations and the link back; the rule editor suggests the labels seen', async ({ loggedInPage, api }, testInfo) => {
    const token = await ingestToken(loggedInPage);
    const team = uniqueTag('team_').toLowerCase();
    // no rule routes this team: the default catch-all sends it to the admins
    const labels = { alertname: 'E2EReplicaLag', team, severity: 'critical', instance: 'db-replica-2:9187', zone_e2e: 'eu-west-1' };
    const res = await api.post(
      '/api/v2/alerts',
      [{ labels, annotations: { summary: `Replica lag over 30 s (${team})`, description: 'pg_replication_lag_seconds = 42', runbook_url: 'https://runbooks.example/replica-lag' }, generatorURL: 'http://prometheus.example:9090/graph?g0.expr=pg_replication_lag_seconds+%3E+30' }],
      { token },
    );
    expect(res.status(), await res.text()).toBe(200);

    const page = await loggedInPage(DEMO_USERS.admin);
    await hydrated(page);
    await page.getByTestId('search-input').fill(team);
    const row = page.locator('[data-testid="notification-item"]', { hasText: `Replica lag over 30 s (${team})` }).first();
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-severity', 'critical');
    const href = await row.locator('a[href^="/alerts/"]').first().getAttribute('href');
    await page.goto(href!);
    await hydrated(page);
    const panel = page.getByTestId('signal-panel');
    await expect(panel).toContainText('From Prometheus');
    await expect(panel.getByTestId('signal-labels')).toContainText(`team=${team}`);
    await expect(panel.getByTestId('signal-labels')).toContainText('instance=db-replica-2:9187');
    await expect(panel.getByTestId('signal-annotations')).toContainText('pg_replication_lag_seconds = 42');
    await expect(panel.getByTestId('signal-link')).toHaveAttribute('href', /^http:\/\/prometheus\.example:9090\/graph/);
    await screen(page, testInfo, 'alert-from-prometheus-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screen(page, testInfo, 'alert-from-prometheus-390', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto('/admin/rules/new');
    await hydrated(page);
    await page.getByTestId('rule-check').selectOption('event_match');
    await page.getByTestId('condition-event_type').getByRole('textbox').fill('prometheus.alert');
    await page.getByTestId('where-add').click();
    const where = page.getByTestId('where-row').first();
    // the labels of the last day are offered, the new one among them, with its values
    await expect(page.locator(`[data-testid="where-field"] datalist option[value="labels.zone_e2e"]`)).toHaveCount(1);
    await where.getByLabel('Condition 1: attribute').fill('labels.zone_e2e');
    await expect(page.locator('[data-testid="where-field"] datalist option[value="eu-west-1"]')).toHaveCount(1);
    await where.getByLabel('Condition 1: value').fill('eu-west-1');
    await page.getByTestId('rule-name').fill(uniqueTag('e2e_prom_').toLowerCase());
    await page.getByTestId('rule-title').fill('{{event.title}}');
    // an event rule has nothing to preview against the data as it is: it says where its events come from
    await expect(page.getByTestId('rule-preview')).toContainText('Prometheus, Alertmanager and Grafana alerts as prometheus.alert');
    await screen(page, testInfo, 'rule-editor-label-conditions-1280');
  });
});
