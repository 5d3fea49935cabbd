#!/usr/bin/env bash
# Prints the files a module's jar is built from: the parent pom, and the pom and src/main of the
# module and of every netmapper module it depends on at run time (transitively). The launchers use
# it to rebuild a jar when any of them is newer than the jar.
#   scripts/module-sources.sh cli   ->  pom.xml api/pom.xml api/src/main common/pom.xml ... cli/src/main
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# netmapper modules that <module>/pom.xml depends on outside the test scope
runtime_deps() {
  awk '
    /<dependency>/ { in_dep = 1; id = ""; scope = ""; type = "" }
    in_dep && /<artifactId>netmapper-/ { id = $0; sub(/.*<artifactId>netmapper-/, "", id); sub(/<.*/, "", id) }
    in_dep && /<scope>/ { scope = $0; sub(/.*<scope>/, "", scope); sub(/<.*/, "", scope) }
    in_dep && /<type>/ { type = $0; sub(/.*<type>/, "", type); sub(/<.*/, "", type) }
    /<\/dependency>/ { if (id != "" && scope != "test" && type != "test-jar") print id; in_dep = 0 }
  ' "$root/$1/pom.xml"
}

declare -A seen=()
visit() {
  local m="$1"
  [ -n "${seen[$m]:-}" ] && return 0
  seen[$m]=1
  [ -f "$root/$m/pom.xml" ] || { echo "module-sources: no module '$m' in $root" >&2; exit 1; }
  local d
  for d in $(runtime_deps "$m"); do
    visit "$d"
  done
  echo "$root/$m/pom.xml"
  [ -d "$root/$m/src/main" ] && echo "$root/$m/src/main"
  return 0
}

[ $# -eq 1 ] || { echo "usage: $0 MODULE" >&2; exit 2; }
echo "$root/pom.xml"
visit "$1"
