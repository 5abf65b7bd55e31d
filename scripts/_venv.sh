# Sourced by run.sh and test.sh: make sure the project .venv exists and matches the
# pinned requirements. Creates it (and installs everything) when missing or stale.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
pick_python() {
  for c in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  echo "GALAT: perlu Python 3.11 atau lebih baru (set PYTHON=/path/ke/python3.11)" >&2
  return 1
}
# One stamp for run.sh and test.sh: a line for the base requirements and one per extra
# requirements file installed over them (test.sh: requirements-dev.txt). A venv with the
# extras serves run.sh too, so alternating the two scripts never reinstalls.
ensure_venv() {
  local stamp="$VENV/.lkjip-stamp" base f ok=1
  base="base $(cat "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  local want=("$base")
  for f in "$@"; do want+=("$(basename "$f") $(sha256sum < "$f" | cut -d' ' -f1)"); done
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ]; then
    for f in "${want[@]}"; do grep -qxF -- "$f" "$stamp" || ok=0; done
    [ "$ok" = 1 ] && return 0
  fi
  local py; py="$(pick_python)"
  echo ">> menyiapkan lingkungan Python di .venv (sekali saja) …" >&2
  [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt" $(for f in "$@"; do printf -- '-r %s ' "$f"; done)
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT" 2>/dev/null \
    || "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  # the extras installed earlier over the same base stay valid, except the old line of a
  # file installed now (else reverting that file later would match its stale line and skip
  # the reinstall it needs)
  local now; now="$(for f in "$@"; do basename "$f"; done)"
  { printf '%s\n' "${want[@]}"
    if [ -f "$stamp" ] && grep -qxF -- "$base" "$stamp"; then
      awk -v now="$now" 'BEGIN { n = split(now, a, "\n"); for (i = 1; i <= n; i++) skip[a[i]] = 1 }
        { name = $0; sub(/ [0-9a-f]+$/, "", name) } name != "base" && !(name in skip)' "$stamp"
    fi; } \
    | sort -u > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
}
# WeasyPrint (PDF) needs the system Pango library and a font. Install them with the
# system package manager when they are missing (Debian/Ubuntu apt, root or sudo).
ensure_system_libs() {
  if "$VENV/bin/python" -c 'import weasyprint' >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; then
    return 0
  fi
  local pkgs="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    echo ">> memasang pustaka sistem untuk PDF: $pkgs" >&2
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $pkgs >/dev/null
    # font subsetting (smaller PDFs); not every distribution has it under this name
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 || true
  else
    echo "GALAT: WeasyPrint memerlukan Pango dan font DejaVu; pasang lewat pengelola paket sistem Anda" >&2
    return 1
  fi
  "$VENV/bin/python" -c 'import weasyprint' >/dev/null
}
# Tools of the visual tests (tests only, not needed to run the pipeline): a headless
# Chromium for the real-browser test of the HTML (driven by Playwright for Python, which
# is pointed at this system browser: Playwright's own browser download is never used),
# and poppler (pdftoppm, pdftotext) for the page-by-page check of the PDF.
ensure_test_tools() {
  if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    return 0
  fi
  local pkgs="chromium poppler-utils fonts-dejavu-core"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    echo ">> memasang alat uji visual: $pkgs" >&2
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  else
    echo "PERINGATAN: chromium dan poppler-utils tidak terpasang; uji peramban dan uji visual PDF dilewati" >&2
  fi
}
# Compiled bytecode of the project's own modules goes under .venv/pycache, never beside the
# sources, and is kept even when the shell sets PYTHONDONTWRITEBYTECODE (as some containers
# do): without a cache every process (the CLI, each notebook kernel, each test worker)
# compiles the lkjip modules and pytest rewrites the test modules again, about 0.2 s per
# kernel and 4 s per test worker. Called after ensure_venv: pip keeps its own layout.
use_bytecode_cache() {
  unset PYTHONDONTWRITEBYTECODE
  export PYTHONPYCACHEPREFIX="$VENV/pycache"
}
