#!/usr/bin/env bash
# Installs the Debian packages netmapper's build, tests and tools need, when they are missing.
# Safe to run repeatedly; does nothing when everything is there. Needs root for apt-get.
set -euo pipefail

packages=(
  libpcap0.8   # sniffer: packet capture (runtime library only)
  iproute2     # tests: network namespaces, veths, bridges (ip netns ...)
  nftables     # tests/testbed: ClusterIP DNAT inside namespaces
  graphviz     # cli: visualize (dot)
  procps       # tests: ps/pkill for cleaning up test processes
  tcpdump      # sniffer DNS path bench: the reference reader timed on the same file
  tshark       # sniffer DNS path bench: the reference dissector timed on the same file
  postgresql   # mapper tests: a throwaway PostgreSQL 15 server (initdb + pg_ctl) for the durable map
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "prerequisites: missing Debian packages: ${missing[*]}; install them as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "prerequisites: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
