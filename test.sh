#!/usr/bin/env bash
# Every test, unit and integration: the README's test command, and what CI runs (.ci/run).
#   ./test.sh                  installs what the tests need from the OS when it is missing, checks
#                              docker-compose.yml, lints the API document (api/openapi.yaml), then runs
#                              ./mvnw -B verify
#   ./test.sh -pl backend -am  arguments go to Maven
# From the OS (Debian packages, installed with apt-get when run as root): util-linux (unshare, setpriv) and
# passwd (useradd) for the native service stack, nginx-light for the gateway of the production-shape test,
# docker-compose to check docker-compose.yml (no Docker engine is needed for that check), chromium and
# chromium-driver for the web console's browser tests (ConsoleBrowserTest drives /usr/bin/chromium through
# /usr/bin/chromedriver; it fails, naming them, when they are missing).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { [ "$(id -u)" = 0 ]; }
found() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

need=()
found unshare || need+=(util-linux)
found setpriv || need+=(util-linux)
if as_root; then
  found useradd || need+=(passwd) # Elasticsearch refuses root: the stack runs it as a user it creates
fi
found nginx || need+=(nginx-light)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif found docker-compose; then
  compose=(docker-compose)
elif as_root; then
  need+=(docker-compose)
  compose=(docker-compose)
fi

if [ ${#need[@]} -gt 0 ]; then
  if as_root && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${need[*]}. Install them (apt-get install ${need[*]}) or run ./test.sh as root." >&2
    exit 1
  fi
fi

if [ ${#compose[@]} -gt 0 ]; then
  "${compose[@]}" -f docker-compose.yml config -q
  echo "test.sh: docker-compose.yml is valid (${compose[*]} config)"
else
  echo "test.sh: docker-compose.yml NOT checked: no docker compose / docker-compose here (as root this script installs it)" >&2
fi

# The committed API document, linted by an independent OpenAPI linter: Redocly CLI, the version pinned in
# api/package-lock.json, installed into api/node_modules (ignored by git); its rules are api/redocly.yaml.
if ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: npm (Node.js 20.19 or later) is needed to lint api/openapi.yaml; install Node.js" >&2
  exit 1
fi
npm ci --prefix api --ignore-scripts --no-audit --no-fund --loglevel=error
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  api/node_modules/.bin/redocly lint api/openapi.yaml --config api/redocly.yaml
echo "test.sh: api/openapi.yaml passes the lint (api/redocly.yaml)"

export AXONIQ_UPDATE_CHECKER_DISABLED=true
exec ./mvnw -B verify "$@"
