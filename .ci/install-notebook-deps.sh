#!/usr/bin/env bash
# Installs what tutorials/run-notebooks.sh needs on a Debian 12 machine (Java 17 JDK and Maven already present):
#   - the Debian packages python3-nbclient and python3-nbformat (with python3-jupyter-client, python3-jupyter-core),
#     used by /usr/bin/python3; PyPI is not used;
#   - the Java kernel io.github.padreati:rapaio-jupyter-kernel, fetched from Maven Central with Maven into
#     $RJK_JAR (default ~/.cache/tribuo-cider/notebooks/), outside the repository so 'mvn clean' keeps it.
# Idempotent: prints nothing and changes nothing when everything is already installed. Needs root (or sudo) only
# when a package is missing.
set -euo pipefail

RJK_VERSION="3.0.1"
RJK_ARTIFACT="io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION"
RJK_JAR="${RJK_JAR:-${XDG_CACHE_HOME:-$HOME/.cache}/tribuo-cider/notebooks/rapaio-jupyter-kernel-$RJK_VERSION.jar}"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"  # the version the project pom pins
PACKAGES=(python3-nbclient python3-nbformat python3-jupyter-client python3-jupyter-core)

die() {
  echo "install-notebook-deps: $*" >&2
  exit 1
}

install_packages() {
  local -a missing=()
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == "install ok installed" ]] || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || die "apt-get not found; install ${missing[*]} (Debian packages) by hand"
  local -a sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "root (or sudo) is needed to install ${missing[*]}"
    sudo=(sudo)
  fi
  echo "install-notebook-deps: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

kernel_jar_ok() {
  [[ -s "$RJK_JAR" ]] && /usr/bin/python3 - "$RJK_JAR" <<'EOF'
import sys, zipfile
try:
    with zipfile.ZipFile(sys.argv[1]) as z:
        sys.exit(0 if "org/rapaio/jupyter/kernel/MainApp.class" in z.namelist() else 1)
except (OSError, zipfile.BadZipFile):
    sys.exit(1)
EOF
}

fetch_kernel_jar() {
  kernel_jar_ok && return 0
  command -v mvn >/dev/null || die "mvn not found; Maven fetches the kernel jar $RJK_ARTIFACT"
  local dir tmp
  dir="$(dirname "$RJK_JAR")"
  mkdir -p "$dir"
  tmp="$(mktemp -d)"
  # Run outside any project so the repository's pom plays no part; strict checksums (-C) reject a corrupt download.
  echo "install-notebook-deps: fetching $RJK_ARTIFACT into $dir"
  if ! (cd "$tmp" && mvn -B -q -C "$DEPENDENCY_PLUGIN:copy" -Dartifact="$RJK_ARTIFACT" -DoutputDirectory="$tmp" \
          -Dmdep.overWriteReleases=true >"$tmp/mvn.log" 2>&1); then
    cat "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    die "Maven could not fetch $RJK_ARTIFACT"
  fi
  mv "$tmp/rapaio-jupyter-kernel-$RJK_VERSION.jar" "$RJK_JAR"
  rm -rf "$tmp"
  kernel_jar_ok || die "$RJK_JAR is not the rapaio kernel jar (no org/rapaio/jupyter/kernel/MainApp.class)"
}

install_packages
fetch_kernel_jar
