#!/usr/bin/env bash
# Builds (if needed) and runs the mapper against the cluster of the current kubeconfig.
# Flags and NETMAPPER_* variables: docs/mapper.md. Example: ./scripts/run-mapper.sh --port 9090
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls mapper/target/netmapper-mapper-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
# rebuild when the jar is older than the mapper or any module it is built from (istio-watcher too)
# shellcheck disable=SC2046
if [ -z "$jar" ] || [ -n "$(find $(scripts/module-sources.sh mapper) -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl mapper -am package -DskipTests
  jar=$(ls mapper/target/netmapper-mapper-*.jar | grep -v -e sources -e tests | head -n 1)
fi
exec java ${NETMAPPER_JAVA_OPTS:-} -jar "$jar" "$@"
