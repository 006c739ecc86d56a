/** `npm run db:migrate`: apply migrations and seed the default rules on DATABASE_URL (deploy step). */
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { seedBootstrapAdmin } from '../db/seed';
import { seedDefaultRules } from '../lib/checks/default-rules';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}
await runMigrations(url);
const { db, client } = createDb(url, { max: 1 });
const added = await seedDefaultRules(db);
const admin = process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD ? await seedBootstrapAdmin(db, process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD) : false;
console.log(`migrated; ${added} default rule(s) added${admin ? `; admin ${process.env.ADMIN_EMAIL} created` : ''}`);
await client.end();
