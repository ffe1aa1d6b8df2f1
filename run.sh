#!/usr/bin/env bash
# Runs the whole backend locally on real services, no Docker needed:
#   ./run.sh            -> http://localhost:8080   (PORT=9090 ./run.sh to change it)
# State (event store, Kafka log, Elasticsearch data, stored packages, the dev signing key) lives in ./data
# (REGISTRY_DATA_DIR to move it), so a restart keeps every entity and version. Ctrl-C or SIGTERM stops
# the backend and then every service it started. REGISTRY_STACK=native|testcontainers|external picks how
# the services are provided (default: native when no Docker engine answers); see the README.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '[registry] %s\n' "$*"; }

# A tree built by an earlier run, with no source, resource or pom changed since, starts at once (REGISTRY_BUILD=always
# builds anyway); otherwise Maven builds what changed.
built=backend/target/runtime-classpath.txt
changed() {
  find . \( -name target -o -name data -o -name node_modules -o -name .git \) -prune -o \
    \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$built" -print -quit
}
if [ "${REGISTRY_BUILD:-}" != always ] && [ -f "$built" ] && [ -z "$(changed)" ]; then
  say "The build is up to date (REGISTRY_BUILD=always rebuilds anyway)"
else
  say "Building the backend (the first run downloads dependencies and takes a few minutes) ..."
  ./mvnw -q -B -DskipTests -pl backend -am install
  ./mvnw -q -B -o -pl backend dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
  touch "$built"
fi

export AXONIQ_UPDATE_CHECKER_DISABLED=true
# The backend's memory: heap 448 MB (a command on a package of 100,000 versions loads and snapshots it: with the
# projection catching up at the same time, 320 MB ran out), the serial collector (least memory of its own, short
# pauses at this heap size), few malloc arenas; it exits on OutOfMemoryError rather than limping on with a stuck
# processor. JAVA_OPTS replaces these.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java ${JAVA_OPTS:--Xmx448m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError} -cp "backend/target/classes:$(cat backend/target/runtime-classpath.txt)" \
  io.registry.backend.LocalRun "$@"
