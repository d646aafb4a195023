# Shared set-up steps for scripts/run.sh and scripts/test.sh. Sourced, not run.
# Works on a fresh Debian/Ubuntu machine that has only Python 3.11.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

say() { printf '\033[1;31m==>\033[0m %s\n' "$*"; }

check_python() {
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "motcua needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2; exit 1; }
}

# Install the Debian packages in "$@" that are missing. As root: apt-get. Otherwise: print the line.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]} — install their equivalents for your system." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "motcua needs these Debian packages. Run, then start again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The virtualenv with the locked packages of $1 (base or dev), and motcua itself (editable).
ensure_venv() {
  local lock="requirements/$1.lock" stamp
  check_python
  [ -x "$VENV/bin/python" ] || { say "Creating the virtualenv in .venv"; "$PYTHON" -m venv "$VENV"; }
  stamp="$VENV/.installed-$1-$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Installing locked Python packages ($lock)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    # Without build isolation first (offline-friendly); the venv's own setuptools may be too old
    # for pyproject's SPDX licence string, then pip builds with an isolated, newer setuptools.
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . >/dev/null 2>&1 \
      || "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
    touch "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

# Fonts with Vietnamese glyphs (Times New Roman metrics) and Pango for WeasyPrint PDFs.
# WeasyPrint warns (an error under pytest) without HarfBuzz-Subset, which Debian ships apart.
RUNTIME_DEBIAN_PACKAGES=(fonts-liberation2 fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# Browser tests (Debian's chromium, never `playwright install`), PDF text checks, and LibreOffice
# opening our Word and Excel files, zbarimg reading the QR code printed on the receipt, and
# pdfsig (poppler-utils) with the openssl command checking signed results.
TEST_DEBIAN_PACKAGES=(chromium poppler-utils openssl libreoffice-writer-nogui libreoffice-calc-nogui zbar-tools)
