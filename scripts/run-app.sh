#!/usr/bin/env bash
# Installs what is missing and opens Agroferia. The first time, when there is no database
# yet, it fills one with the demo fair so that there is something to explore.
#   bash scripts/run-app.sh [--db PATH] [--lang en] [--user NAME] [ARCHIVO.agroferia]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The global options only (--db, …), not a backup to open nor a command: the first time,
# the demo fair fills the new database; a server's database needs the PostgreSQL driver
global_options "$@"
ensure_system_packages "${QT_BASE_PACKAGES[@]}" "${QT_DISPLAY_PACKAGES[@]}"
ensure_venv
install_project "$(database_extras)"

"$VENV/bin/agroferia" ${GLOBAL_OPTIONS[@]+"${GLOBAL_OPTIONS[@]}"} demo --if-new

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  say "No display found (DISPLAY is not set). Run this from a desktop session, or try: xvfb-run bash scripts/run-app.sh"
  exit 1
fi
exec "$VENV/bin/agroferia" "$@"
