#!/usr/bin/env bash
# Installs what is missing, then runs the linters and the whole test suite headless.
#   bash scripts/test.sh [pytest arguments, e.g. -m "not gui" or -k stats]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_system_packages "${QT_BASE_PACKAGES[@]}"
ensure_venv
install_project "[test]"

export QT_QPA_PLATFORM=offscreen
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
exec "$VENV/bin/python" -m pytest "$@"
