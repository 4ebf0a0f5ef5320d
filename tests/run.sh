#!/usr/bin/env bash
# Install everything the test suite needs into .venv, then run the whole suite (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable '.[test]'
# Tools no one here wrote, used to prove the exports: raptor's rapper and a Java runtime for HermiT.
# Installed with apt-get where we may (root on Debian/Ubuntu); elsewhere those tests skip and say why.
missing=()
command -v rapper >/dev/null || missing+=(raptor2-utils)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || echo "note: could not install ${missing[*]}; the tests that need them will skip"
fi
exec .venv/bin/python -m pytest -n 2 "$@"
