#!/usr/bin/env bash
# npm test: migrations in step with db/schema.ts, lint, types, unit, integration (real PostgreSQL), e2e (Playwright in Debian's Chromium).
# Integration: on DATABASE_URL's server when set, else on a throwaway embedded PostgreSQL.
# e2e: always on its own embedded PostgreSQL in a fresh temp dir (playwright.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
# e2e/api/prometheus.spec.ts runs its own Prometheus, Alertmanager and amtool (never the system services)
PROMETHEUS_BINS=(/usr/bin/prometheus /usr/bin/prometheus-alertmanager /usr/bin/amtool)

banner() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

ensure_chromium() {
  [[ -x "$CHROMIUM" ]] && return 0
  if [[ "$(id -u)" -eq 0 ]]; then
    banner "installing Chromium for Playwright (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium
    [[ -x "$CHROMIUM" ]] && return 0
  fi
  echo "error: $CHROMIUM not found; e2e tests need Debian's Chromium (as root: apt-get install -y chromium)" >&2
  exit 1
}

missing_prometheus_bins() {
  local bin
  for bin in "${PROMETHEUS_BINS[@]}"; do [[ -x "$bin" ]] || printf '%s ' "$bin"; done
}

ensure_prometheus() {
  [[ -z "$(missing_prometheus_bins)" ]] && return 0
  if [[ "$(id -u)" -eq 0 ]]; then
    banner "installing Prometheus, Alertmanager and amtool for e2e (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # the package lists are refreshed only when the install fails without it
    apt-get install -y prometheus prometheus-alertmanager || { apt-get update && apt-get install -y prometheus prometheus-alertmanager; } || true
    [[ -z "$(missing_prometheus_bins)" ]] && return 0
  fi
  echo "error: $(missing_prometheus_bins)not found; e2e tests need Debian's Prometheus and Alertmanager (as root: apt-get install -y prometheus prometheus-alertmanager)" >&2
  exit 1
}

banner "checking Chromium"
ensure_chromium
"$CHROMIUM" --version 2>/dev/null || true

banner "checking Prometheus, Alertmanager and amtool"
ensure_prometheus
/usr/bin/prometheus --version 2>&1 | sed -n 1p
/usr/bin/amtool --version 2>&1 | sed -n 1p

banner "migrations match the schema (drizzle-kit check, generate writes nothing)"
bash scripts/check-migrations.sh

banner "lint (eslint)"
npm run lint

banner "typecheck (tsc --noEmit)"
npm run typecheck

banner "unit tests (vitest --project unit)"
npx vitest run --project unit

if [[ -n "${DATABASE_URL:-}" ]]; then where="the server in DATABASE_URL"; else where="an embedded PostgreSQL"; fi
banner "integration tests (vitest --project integration) on $where"
npx vitest run --project integration

banner "e2e tests (playwright, own embedded PostgreSQL)"
npx playwright test

banner "all test steps passed"
