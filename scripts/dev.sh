#!/usr/bin/env bash
# Project tasks without needing `make`: setup | reports [PERIOD] | test [pytest args] | test-fast [pytest args]
# | lab [jupyter args] | bench
# Every task first makes sure .venv exists with the exact pins of requirements.lock,
# the package installed editable, and the Jupyter kernel `cchc` registered.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "Cần Python 3.11 (Python 3.11 is required)" >&2; exit 1; }

VENV=.venv
setup() {
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  local stamp="$VENV/.cchc-installed" want
  want="$(cat requirements.lock pyproject.toml | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    "$VENV/bin/python" -m ipykernel install --sys-prefix --name cchc --display-name "Python (cchc)" >/dev/null
    echo "$want" > "$stamp"
  fi
}

task="${1:-test}"; shift || true
case "$task" in
  setup)   setup; echo "OK: .venv ready, kernel 'cchc' registered" ;;
  reports) setup; "$VENV/bin/cchc" run --period "${1:-2022-H1}" ;;
  # every test, on two pytest-xdist workers (CCHC_TEST_WORKERS=0: in this process), each module
  # kept on one worker so its module-scoped fixtures are built once
  test)    setup; "$VENV/bin/python" -m pytest -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  # the edit-test loop: no notebook execution, browser, LibreOffice or subprocess runs (not "slow")
  test-fast) setup; "$VENV/bin/python" -m pytest -m "not slow" -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  # JupyterLab at the project root (data/, docs/ and notebooks/ all reachable), new notebooks on the cchc kernel
  lab)     setup; exec "$VENV/bin/jupyter" lab --ServerApp.root_dir="$PWD" \
             --MappingKernelManager.default_kernel_name=cchc "$@" ;;
  bench)   setup; for script in bench/bench_*.py; do "$VENV/bin/python" "$script"; done ;;
  *) echo "usage: scripts/dev.sh setup|reports [PERIOD]|test [pytest args]|test-fast [pytest args]|lab [jupyter args]|bench" >&2; exit 2 ;;
esac
