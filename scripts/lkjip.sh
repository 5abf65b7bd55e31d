#!/usr/bin/env bash
# Run any lkjip command (tahun-baru, template, manifest, reviu, validasi, run …) in the
# project .venv, creating it on first use: ./scripts/lkjip.sh tahun-baru 2025
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
ensure_venv
ensure_system_libs
cd "$ROOT"
exec "$VENV/bin/lkjip" "$@"
