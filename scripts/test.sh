#!/usr/bin/env bash
# Installs what is missing, then runs the linters and the whole test suite headless.
#   bash scripts/test.sh [pytest arguments, e.g. -m "not gui" or -k stats]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# gcc, binutils and dpkg: the installed-app tests build the package (scripts/build-package.sh)
ensure_system_packages "${QT_BASE_PACKAGES[@]}" gcc binutils dpkg
ensure_venv
install_project "[test,package]"

export QT_QPA_PLATFORM=offscreen
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
exec "$VENV/bin/python" -m pytest "$@"
