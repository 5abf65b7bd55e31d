#!/usr/bin/env bash
# Run the test suite. Creates .venv and installs the pinned dependencies on first use.
set -euo pipefail
source "$(dirname "$0")/_venv.sh"
ensure_venv "$ROOT/requirements-dev.txt"
ensure_system_libs
ensure_test_tools
use_bytecode_cache
cd "$ROOT"
exec "$VENV/bin/python" -m pytest "$@"
