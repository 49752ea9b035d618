#!/usr/bin/env bash
# Installs what is missing and opens Agroferia. The first time, when there is no database
# yet, it fills one with the demo fair so that there is something to explore.
#   bash scripts/run-app.sh [--db PATH] [--lang en] [--user NAME] [ARCHIVO.agroferia]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_system_packages "${QT_BASE_PACKAGES[@]}" "${QT_DISPLAY_PACKAGES[@]}"
ensure_venv
# the global options only (--db, …), not a backup to open nor a command: a server's
# database needs its driver installed, and the demo fills a new database the first time
global_options "$@"
install_project "$(database_extras)"

"$VENV/bin/agroferia" ${GLOBAL_OPTIONS[@]+"${GLOBAL_OPTIONS[@]}"} demo --if-new

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  say "No display found (DISPLAY is not set). Run this from a desktop session, or try: xvfb-run bash scripts/run-app.sh"
  exit 1
fi
exec "$VENV/bin/agroferia" "$@"
