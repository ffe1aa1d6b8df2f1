#!/usr/bin/env bash
# The benchmark harness (issue #7): starts the local service stack and the backend, Verdaccio (the peer) and the
# raw baselines, runs every workload and prints one table; writes benchmarks/results/latest.{json,html,txt}.
#   benchmarks/bench.sh                 # full run (the README numbers), ~5-6 minutes on 2 cores
#   benchmarks/bench.sh --mode smoke    # tiny sizes, no peer, results under benchmarks/target/bench-smoke
#   benchmarks/bench.sh --publish-c16=8000 --peer=off ...   # any size can be overridden (see BenchOptions)
# A JFR recording of the harness+backend JVM goes to benchmarks/target/bench.jfr (BENCH_JFR=0 turns it off);
# BENCH_NO_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[bench] %s\n' "$*"; }

if [ "${BENCH_NO_BUILD:-0}" = 1 ] && [ -f benchmarks/target/bench-classpath.txt ]; then
  say "Reusing the last build (BENCH_NO_BUILD=1)"
else
  say "Building the backend and the harness ..."
  ./mvnw -q -B -DskipTests -pl benchmarks -am install
  ./mvnw -q -B -o -pl benchmarks dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
fi

# A private copy of this project's jars: other builds on the machine may reinstall them into ~/.m2 while the
# benchmark runs (the JVM loads classes lazily, and a jar rewritten in place breaks it).
lib=benchmarks/target/bench-lib
rm -rf "$lib" && mkdir -p "$lib"
cp benchmarks/target/classes -r "$lib/classes"
classpath="$lib/classes"
IFS=':' read -r -a entries < benchmarks/target/bench-classpath.txt || true  # no final newline
for entry in "${entries[@]}"; do
  case "$entry" in
    */io/registry/*.jar) cp "$entry" "$lib/" && classpath="$classpath:$lib/$(basename "$entry")" ;;
    *) classpath="$classpath:$entry" ;;
  esac
done

export AXONIQ_UPDATE_CHECKER_DISABLED=true
jfr=()
if [ "${BENCH_JFR:-1}" != 0 ]; then
  jfr=("-XX:StartFlightRecording=filename=benchmarks/target/bench.jfr,settings=default,dumponexit=true")
fi
exec java -Xms1g -Xmx1g "${jfr[@]}" ${JAVA_OPTS:-} -Daxoniq.update-checker.disabled=true \
  -Dbench.module.dir=benchmarks \
  -cp "$classpath" \
  io.registry.bench.BenchmarkMain "$@"
