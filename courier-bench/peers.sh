#!/bin/sh
# The peer comparison in one command: builds courier and courier-bench, then runs
# dev.courier.bench.PeerComparison with the module's runtime class path (each client process it
# starts gets the same class path). Options go to PeerComparison (--help lists them); the report
# (BENCHMARKS.md by default) is written relative to the repository root.
#
#   sh courier-bench/peers.sh                                   # everything: about 2 h on 2 cores (3 rounds)
#   sh courier-bench/peers.sh --clients courier --rounds 1 --warmup 2s --duration 3s
#
# Environment: JAVA (the runner's java; default: java on the PATH), MVN_ARGS (e.g. -o).
set -eu
cd "$(dirname "$0")/.."
mvn -q -B ${MVN_ARGS:-} -pl courier-bench -am package -DskipTests
cp="$PWD/courier-bench/target/classes:$(cat courier-bench/target/jmh.classpath)"
exec "${JAVA:-java}" -Djava.awt.headless=true -Dbench.command="sh courier-bench/peers.sh $*" \
    -cp "$cp" dev.courier.bench.PeerComparison "$@"
