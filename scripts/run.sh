#!/usr/bin/env bash
# Run the whole pipeline for one params file (default: params/2024.yaml).
# Creates .venv and installs the pinned dependencies on first use.
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
ensure_venv
ensure_system_libs
use_bytecode_cache
cd "$ROOT"
exec "$VENV/bin/lkjip" run "${1:-params/2024.yaml}"
