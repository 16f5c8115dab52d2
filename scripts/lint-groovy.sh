#!/usr/bin/env bash
# Lints the Jenkins shared library (vars/), the Jenkinsfiles and the Groovy tests with npm-groovy-lint
# (CodeNarc), failing on errors. Installs the pinned version from package.json when missing.
# --noserver: otherwise npm-groovy-lint leaves a CodeNarc server running on 127.0.0.1:7484.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/npm-groovy-lint ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node_modules/.bin/npm-groovy-lint --noserver --javaexecutable "$(command -v java)" \
  --config recommended-jenkinsfile --failon error \
  vars/ src/org/ Jenkinsfile.example Jenkinsfile.promote.example src/test/groovy/
