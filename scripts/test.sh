#!/usr/bin/env bash
# Installs what is missing, then runs the linters and the whole test suite headless, twice:
# on SQLite files, then on a throw-away PostgreSQL server (started and stopped by the tests).
#   bash scripts/test.sh [pytest arguments, e.g. -m "not gui" or -k stats]
# AGROFERIA_TEST_BACKENDS="sqlite" (or "postgresql") runs one of the two.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# gcc, binutils and dpkg: the installed-app tests build the package (scripts/build-package.sh);
# postgresql: the server the second run makes its databases in
ensure_system_packages "${QT_BASE_PACKAGES[@]}" gcc binutils dpkg postgresql
ensure_venv
install_project "[test,package,postgresql]"

export QT_QPA_PLATFORM=offscreen
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
status=0
for backend in ${AGROFERIA_TEST_BACKENDS:-sqlite postgresql}; do
  say "Tests on $backend"
  "$VENV/bin/python" -m pytest --backend "$backend" "$@" || status=$?
done
exit "$status"
