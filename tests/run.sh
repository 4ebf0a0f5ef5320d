#!/usr/bin/env bash
# Install everything the test suite needs into .venv, then run the whole suite (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable '.[test]'
# Tools no one here wrote, used to prove interop: raptor's rapper, a JRE (HermiT), Jena (riot/arq), the OWL API,
# Virtuoso 7, Chromium (browser tests) and Node.js (jsonld.js, axe-core). Installed with apt-get where we may
# (root on Debian/Ubuntu); elsewhere the tests that need them skip and say why.
wanted=(raptor2-utils default-jre-headless libapache-jena-java libowlapi-java virtuoso-opensource-7-bin
        chromium chromium-driver nodejs npm)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# nodejs/npm may come from elsewhere (nvm, the image): only ask apt when the commands are absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || echo "note: could not install ${missing[*]}; the tests that need them will skip"
fi
# npm packages for the interop tests (jsonld.js, axe-core), kept out of the repository in .cache/node.
if command -v npm >/dev/null && { [ ! -d .cache/node/node_modules/jsonld ] || [ ! -d .cache/node/node_modules/axe-core ]; }; then
  npm install --silent --no-audit --no-fund --prefix .cache/node jsonld axe-core >/dev/null 2>&1 \
    || echo "note: could not install jsonld and axe-core from npm; the tests that need them will skip"
fi
status=0
.venv/bin/python -m pytest -n 2 "$@" || status=$?
# pytest's 5 means no test was collected (e.g. a -k filter): that is not a failure of the suite.
[ "$status" = 5 ] && status=0
exit "$status"
