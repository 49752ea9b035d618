# Shared by run-app.sh and test.sh: system packages, Python and the virtual environment.
# Safe to run again: it only installs what is missing.

# Libraries the Qt wheels need on Debian/Ubuntu. Offscreen (tests) needs the first group;
# a real X11/Wayland display needs the xcb group too, or Qt aborts with
# "could not load the Qt platform plugin xcb". "a|b" names alternatives: Ubuntu 24.04 and
# Debian 13 renamed some libraries for the 64-bit time_t (libglib2.0-0 -> libglib2.0-0t64),
# where the old name is only a virtual package, never installed itself.
QT_BASE_PACKAGES=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6
  "libglib2.0-0t64|libglib2.0-0" libdbus-1-3)
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

# The package manager's locks (fcntl locks, as apt and dpkg take them); AGROFERIA_APT_LOCKS
# (paths separated by ":") replaces the list, AGROFERIA_APT_WAIT the longest wait in seconds.
APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock
  /var/cache/apt/archives/lock)

# Prints "PID NAME" of a process holding one of the package manager's locks, or fails when
# none is held. Reads /proc/locks (any user may), since a lock file can only be opened by root
# and "flock -n" does not see fcntl locks. PID and NAME are "?" when they cannot be known.
apt_lock_holder() {
  local locks=() file dev ino key _n _kind _mode _access pid id
  if [ -n "${AGROFERIA_APT_LOCKS:-}" ]; then IFS=: read -r -a locks <<<"$AGROFERIA_APT_LOCKS"
  else locks=("${APT_LOCKS[@]}")
  fi
  [ -r /proc/locks ] || return 1
  for file in "${locks[@]}"; do
    [ -e "$file" ] || continue
    read -r dev ino < <(stat -L -c '%d %i' "$file" 2>/dev/null) || continue
    # /proc/locks names a file "major:minor:inode", major and minor in hexadecimal
    key=$(printf '%02x:%02x:%s' $(( ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff) )) \
      $(( (dev & 0xff) | ((dev >> 12) & ~0xff) )) "$ino")
    while read -r _n _kind _mode _access pid id _; do
      [ "$_kind" != "->" ] || continue  # a process waiting for the lock, not holding it
      [ "$id" = "$key" ] || continue
      local name="?"
      if [ "$pid" -gt 0 ] 2>/dev/null && [ -r "/proc/$pid/comm" ]; then
        name=$(cat "/proc/$pid/comm" 2>/dev/null) || name="?"
      else
        pid="?"
      fi
      echo "$pid $name"
      return 0
    done </proc/locks
  done
  return 1
}

# The longest wait for the package manager, in seconds (15 min unless AGROFERIA_APT_WAIT).
apt_wait_limit() {
  if [[ ${AGROFERIA_APT_WAIT:-} =~ ^[0-9]+$ ]]; then echo "$AGROFERIA_APT_WAIT"; else echo 900; fi
}

# Waits while another program (often the automatic updates, for a few minutes after the
# computer starts) uses the package manager, saying so; fails after AGROFERIA_APT_WAIT seconds.
wait_for_package_manager() {
  local limit start=$SECONDS holder pid name waited dots=0
  limit=$(apt_wait_limit)
  holder=$(apt_lock_holder) || return 0
  read -r pid name <<<"$holder"
  if [ "$pid" = "?" ]; then
    say "Another program is using the package manager, as it often does for a few minutes" \
      "after the computer starts. Waiting for it to finish…"
  else
    say "Another program ($name, PID $pid) is using the package manager, as it often does" \
      "for a few minutes after the computer starts. Waiting for it to finish…"
  fi
  while holder=$(apt_lock_holder); do
    waited=$((SECONDS - start))
    if [ "$waited" -ge "$limit" ]; then
      [ "$dots" -eq 0 ] || printf '\n' >&2
      read -r pid name <<<"$holder"
      say "The package manager is still busy after $((waited / 60)) min $((waited % 60)) s" \
        "(${name}, PID ${pid}). Let it finish, or restart the computer, then run this command" \
        "again (AGROFERIA_APT_WAIT=SECONDS waits longer)."
      return 1
    fi
    if [ $((waited / 15)) -gt "$dots" ]; then  # a dot every 15 s: still waiting, not stuck
      printf '.' >&2
      dots=$((waited / 15))
    fi
    sleep 1
  done
  [ "$dots" -eq 0 ] || printf '\n' >&2
  say "The package manager is free again ($((SECONDS - start)) s)."
}

package_installed() {
  # grep reads to the end (not -q): a writer cut short would fail the pipe under pipefail
  dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep "install ok installed" >/dev/null
}

# A package apt can install (a real one: a virtual package has no record of its own).
package_known() {
  apt-cache show --no-all-versions "$1" 2>/dev/null | grep '^Package:' >/dev/null
}

# The alternative of "a|b|c" to install: the first one apt knows (the first one when none).
package_to_install() {
  local alternatives=() name
  IFS='|' read -r -a alternatives <<<"$1"
  for name in "${alternatives[@]}"; do
    if package_known "$name"; then echo "$name"; return 0; fi
  done
  echo "${alternatives[0]}"
}

# Installs the packages that are missing. An argument "a|b" (alternatives) is satisfied when
# any of them is installed; when none is, the first one apt knows is installed.
ensure_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "Not a Debian/Ubuntu system: install the Qt 6 runtime libraries yourself."; return 0; }
  local missing=() names=() spec name alternatives found
  for spec in "$@"; do
    IFS='|' read -r -a alternatives <<<"$spec"
    found=""
    for name in "${alternatives[@]}"; do
      if package_installed "$name"; then found=1; break; fi
    done
    [ -n "$found" ] || missing+=("$spec")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  wait_for_package_manager || return 1
  # apt waits by itself too when the lock is taken again in between (apt 1.9.11 and newer;
  # older versions ignore the option)
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$(apt_wait_limit)")
  local updated=""
  as_root "${apt[@]}" update -qq && updated=1
  # with the lists just updated, apt knows which of the alternatives this system has
  for spec in "${missing[@]}"; do
    name=$(package_to_install "$spec")
    [ "$name" = "$spec" ] || say "  $spec: installing $name"
    names+=("$name")
  done
  if [ -n "$updated" ] &&
     as_root "${apt[@]}" install -y -qq --no-install-recommends "${names[@]}" >/dev/null; then
    return 0
  fi
  say "Could not install the system packages (see the message above). Install them yourself:"
  say "  sudo apt-get install ${names[*]}"
  return 1
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

# "[test,package]" -> "package,test": extras as a sorted list without brackets.
extras_list() {
  local cleaned="${1//[][ ]/}"
  [ -n "$cleaned" ] || return 0
  tr ',' '\n' <<<"$cleaned" | sed '/^$/d' | sort -u | paste -sd, -
}

# Files of the source that are there, as given (NUL-separated): a file listed by git but
# deleted since is left out.
existing_files() {
  local file
  while IFS= read -r -d '' file; do
    if [ -f "$file" ]; then printf '%s\0' "$file"; fi
  done
}

# A hash of the source's files: their names and contents. In a git checkout, the files
# tracked and the untracked ones not ignored (so that staging or committing changes nothing
# and a new module counts); elsewhere (the source from a zip) every file but the virtual
# environment's, builds and caches.
source_state() {
  local venv
  venv=$(realpath -m --relative-to=. "$VENV")
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    if [ "$venv" = "." ] || [[ $venv == ../* || $venv == .. ]]; then
      git ls-files -z -co --exclude-standard
    else
      git ls-files -z -co --exclude-standard -- . ":(exclude)$venv"
    fi
  else
    find . \( -path "./$venv" -o -name .venv -o -name build -o -name dist -o -name .git \
      -o -name __pycache__ -o -name '.*_cache' -o -name .hypothesis -o -name '*.egg-info' \) \
      -prune -o -type f -print0
  fi | existing_files | LC_ALL=C sort -z | xargs -0 -r sha256sum -- | sha256sum | cut -d' ' -f1
}

# Installs the project with the extras "$1" (e.g. "[test]" or "[test,package]") unless this
# source is installed already with those extras (or more). A new installation keeps the extras
# installed before, so that run-app.sh and test.sh, one after the other, install once.
# The stamp holds the source's hash on its first line and the extras on its second.
install_project() {
  local wanted stamp="$VENV/.agroferia-installed" state old_state="" have="" all extra
  wanted=$(extras_list "${1:-}")
  state=$(source_state)
  if [ -f "$stamp" ]; then
    { read -r old_state; read -r have; } <"$stamp" || true
  fi
  all=$(extras_list "$have,$wanted")
  if [ "$old_state" = "$state" ] && [ "$all" = "$have" ] &&
     "$VENV/bin/python" -c 'import agroferia' 2>/dev/null; then
    return 0
  fi
  say "Installing Agroferia${all:+[$all]} into $VENV…"
  "$VENV/bin/python" -m pip install -q ".${all:+[$all]}"
  printf '%s\n%s\n' "$state" "$all" >"$stamp"
}

# Sets GLOBAL_OPTIONS to agroferia's global options among the arguments given (--db, --lang
# and --user with their values, or as --db=VALUE): those before a command (whose own options
# follow it) or around a backup to open (ARCHIVO.agroferia), which a command such as
# "demo --if-new" cannot take.
global_options() {
  local args=("$@") i=0 arg
  GLOBAL_OPTIONS=()
  while [ "$i" -lt ${#args[@]} ]; do
    arg=${args[i]}
    case "$arg" in
      --db | --lang | --user)
        GLOBAL_OPTIONS+=("$arg")
        if [ $((i + 1)) -lt ${#args[@]} ]; then GLOBAL_OPTIONS+=("${args[i + 1]}"); fi
        i=$((i + 2))
        continue ;;
      --db=* | --lang=* | --user=*) GLOBAL_OPTIONS+=("$arg") ;;
      --) break ;;
      -*) ;;  # --help, --version: for the window's call only
      *) [[ ${arg,,} == *.agroferia || $arg == */* ]] || break ;;  # a command
    esac
    i=$((i + 1))
  done
}

# The extras the database to open needs: "postgresql" (its driver, psycopg) for a server's
# URL given with --db (among GLOBAL_OPTIONS) or in AGROFERIA_DB; nothing for a file.
database_extras() {
  local db="${AGROFERIA_DB:-}" i=0
  while [ "$i" -lt ${#GLOBAL_OPTIONS[@]} ]; do
    case "${GLOBAL_OPTIONS[i]}" in
      --db) db=${GLOBAL_OPTIONS[i + 1]:-} ;;
      --db=*) db=${GLOBAL_OPTIONS[i]#--db=} ;;
    esac
    i=$((i + 1))
  done
  case "${db,,}" in
    postgres://* | postgresql://* | postgresql+psycopg://*) echo "postgresql" ;;
  esac
}
