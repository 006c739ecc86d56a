import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { withDatabase } from '../db/embedded';

// each test file gets its own database, cloned from the migrated template
const adminUrl = inject('adminUrl');
const name = `ops_alerts_t_${randomBytes(6).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}" template "${inject('templateDb')}"`);
process.env.DATABASE_URL = withDatabase(adminUrl, name);
process.env.CRON_SECRET ??= 'test-cron-secret';
process.env.AUTH_SECRET ??= 'test-auth-secret-test-auth-secret-0123';
// the test receivers (test/receivers.ts) listen on loopback, which the outbound guard refuses otherwise
process.env.OUTBOUND_ALLOW ??= '127.0.0.1/32';

afterAll(async () => {
  const g = globalThis as unknown as { __opsAlertsDb?: { client: { end: () => Promise<void> } } };
  await g.__opsAlertsDb?.client.end();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
