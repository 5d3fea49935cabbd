#!/usr/bin/env bash
# Runs the whole test suite exactly as CI does: installs prerequisites, then builds and tests
# every module with the Maven wrapper. Tests that need root (network namespaces, pcap, cgroups)
# run as root; without root they fail with a message saying what is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prerequisites.sh
exec ./mvnw -B -ntp verify "$@"
