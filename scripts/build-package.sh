#!/usr/bin/env bash
# Builds the one-folder app, the portable .tar.gz and the .deb into dist/ (on Linux; for
# Windows see packaging/README.md).  Installs what the build needs first.
#   bash scripts/build-package.sh [--dist DIR] [--work DIR] [--no-installers]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# gcc links the cut-down ICU data; binutils strips the binaries; dpkg-deb builds the .deb
ensure_system_packages "${QT_BASE_PACKAGES[@]}" gcc binutils dpkg
ensure_venv
install_project "[package]"
exec "$VENV/bin/python" packaging/build.py "$@"
