#!/usr/bin/env bash
# The migrations match db/schema.ts: `drizzle-kit check` finds them consistent, and
# `drizzle-kit generate` run on a scratch copy of drizzle/ writes nothing new. Fails otherwise,
# naming what generate would write (change db/schema.ts, then run `npm run db:generate`).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=".migrations-check"
config="drizzle.check.config.ts"
cleanup() { rm -rf "$scratch" "$config"; }
trap cleanup EXIT
cleanup
cp -r drizzle "$scratch"
# drizzle-kit resolves `out` relative to the working directory
cat > "$config" <<CONFIG
import { defineConfig } from 'drizzle-kit';
export default defineConfig({ dialect: 'postgresql', schema: './db/schema.ts', out: './$scratch' });
CONFIG

npx drizzle-kit check --config "$config"
npx drizzle-kit generate --config "$config" >/dev/null
if ! diff -r drizzle "$scratch" >/dev/null; then
  echo "error: db/schema.ts differs from the migrations; drizzle-kit generate would write:" >&2
  diff -r drizzle "$scratch" | head -60 >&2 || true
  exit 1
fi
echo "migrations match db/schema.ts: drizzle-kit generate writes nothing"
