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

say "Building the backend (the first run downloads dependencies and takes a few minutes) ..."
./mvnw -q -B -DskipTests -pl backend -am install
./mvnw -q -B -o -pl backend dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime

export AXONIQ_UPDATE_CHECKER_DISABLED=true
exec java ${JAVA_OPTS:--Xmx768m} -cp "backend/target/classes:$(cat backend/target/runtime-classpath.txt)" \
  io.registry.backend.LocalRun "$@"
