# Shared by run-app.sh and test.sh: system packages, Python and the virtual environment.
# Safe to run again: it only installs what is missing.

# Libraries the Qt wheels need on Debian/Ubuntu. Offscreen (tests) needs the first group;
# a real X11/Wayland display needs the xcb group too, or Qt aborts with
# "could not load the Qt platform plugin xcb".
QT_BASE_PACKAGES=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3)
QT_DISPLAY_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
  libxkbcommon-x11-0 libx11-xcb1 fonts-dejavu-core)

VENV="${AGROFERIA_VENV:-.venv}"

say() { printf '%s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "Need root to run: $*"; return 1
  fi
}

ensure_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "Not a Debian/Ubuntu system: install the Qt 6 runtime libraries yourself."; return 0; }
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    return 0
  fi
  local python
  if ! python=$(find_python); then
    ensure_system_packages python3 python3-venv
    python=$(find_python) || { say "Agroferia needs Python 3.11 or newer with venv."; return 1; }
  fi
  say "Creating the virtual environment in $VENV with $("$python" --version)"
  "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
}

# Installs the project (with extras "$1", e.g. "[test]") unless this exact source is installed.
install_project() {
  local extras="${1:-}" stamp="$VENV/.agroferia-installed" state
  state=$( { echo "$extras"; git ls-files -s 2>/dev/null; git diff 2>/dev/null; } | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$state" ] && "$VENV/bin/python" -c 'import agroferia' 2>/dev/null; then
    return 0
  fi
  say "Installing Agroferia$extras into $VENV"
  "$VENV/bin/python" -m pip install -q ".$extras"
  echo "$state" >"$stamp"
}
