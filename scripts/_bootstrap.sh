# Sourced by the other scripts: make sure uv is there and the locked environment is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! python3 -m uv --version >/dev/null 2>&1; then
    echo "installing uv (the project's environment manager) with pip ..." >&2
    python3 -m pip install --quiet "uv>=0.4"
fi
uv() { python3 -m uv "$@"; }
uv sync --frozen --all-extras --quiet --compile-bytecode
