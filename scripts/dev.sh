#!/usr/bin/env bash
# Project tasks without needing `make`:
#   setup [runtime]    .venv with every group (runtime + notebook + test), or the runtime group alone
#   reports [PERIOD] | test [pytest args] | test-fast [pytest args] | lab [jupyter args] | bench
#   lint | fix         ruff check + format check (what CI runs first) | apply ruff's fixes and format
#   lock [uv args]     regenerate requirements*.lock and environment.yml from requirements*.in
# Every task first makes sure .venv exists with the exact pins of a lock (requirements-test.lock,
# or requirements.lock after `setup runtime`), the package installed editable, and the Jupyter
# kernel `cchc` registered.
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
FULL_LOCK=requirements-test.lock
# The newest upload date the lock resolver may pick: `lock` is reproducible from the .in files
# alone. Move it forward (and bump pins in requirements*.in) to upgrade.
LOCK_DATE=2026-11-29T00:00:00Z
LINT_PATHS=(lib tests bench scripts notebooks)

# setup [LOCK]: install LOCK (default: the lock .venv was last set up with, else every group).
setup() {
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  local lock="${1:-$(cat "$VENV/.cchc-lock" 2>/dev/null || echo "$FULL_LOCK")}"
  local stamp="$VENV/.cchc-installed" want
  want="$(cat "$lock" pyproject.toml | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$lock"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    "$VENV/bin/python" -m ipykernel install --sys-prefix --name cchc --display-name "Python (cchc)" >/dev/null
    echo "$want" > "$stamp"
    echo "$lock" > "$VENV/.cchc-lock"
  fi
}

# lock [uv pip compile args, e.g. --upgrade]: each group's lock pins the whole closure of that group
# and the ones below it, constrained to the lower lock so a package has one version in all three.
lock() {
  local common=(--python-version 3.11 --python-platform linux --exclude-newer "$LOCK_DATE"
                --custom-compile-command "bash scripts/dev.sh lock" --quiet "$@")
  "$VENV/bin/uv" pip compile "${common[@]}" requirements.in -o requirements.lock
  "$VENV/bin/uv" pip compile "${common[@]}" requirements-notebook.in -c requirements.lock \
    -o requirements-notebook.lock
  "$VENV/bin/uv" pip compile "${common[@]}" requirements-test.in -c requirements-notebook.lock \
    -o "$FULL_LOCK"
  "$VENV/bin/python" - "$FULL_LOCK" > environment.yml <<'PY'
import re, sys
pins = [line.split()[0] for line in open(sys.argv[1]) if re.match(r"[A-Za-z0-9]", line)]
print("# Conda environment for cchc: every group (runtime + notebook + test), the pins of")
print("# requirements-test.lock. Written by `bash scripts/dev.sh lock`; tests/test_environment.py")
print("# fails if the two disagree.")
print("name: cchc\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n  - pip:")
print("\n".join(f"      - {pin}" for pin in pins))
print("      - -e .")
PY
}

task="${1:-test}"; shift || true
case "$task" in
  setup)   case "${1:-}" in
             runtime) setup requirements.lock; echo "OK: .venv ready (runtime group only), kernel 'cchc' registered" ;;
             "")      setup "$FULL_LOCK"; echo "OK: .venv ready, kernel 'cchc' registered" ;;
             *)       echo "usage: scripts/dev.sh setup [runtime]" >&2; exit 2 ;;
           esac ;;
  reports) setup; "$VENV/bin/cchc" run --period "${1:-2022-H1}" ;;
  # every test, on two pytest-xdist workers (CCHC_TEST_WORKERS=0: in this process), each module
  # kept on one worker so its module-scoped fixtures are built once
  test)    setup "$FULL_LOCK"; "$VENV/bin/python" -m pytest -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  # the edit-test loop: no notebook execution, browser, LibreOffice or subprocess runs (not "slow")
  test-fast) setup "$FULL_LOCK"; "$VENV/bin/python" -m pytest -m "not slow" -n "${CCHC_TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  # JupyterLab at the project root (data/, docs/ and notebooks/ all reachable), new notebooks on the cchc kernel
  lab)     setup "$FULL_LOCK"; exec "$VENV/bin/jupyter" lab --ServerApp.root_dir="$PWD" \
             --MappingKernelManager.default_kernel_name=cchc "$@" ;;
  bench)   setup; for script in bench/bench_*.py; do "$VENV/bin/python" "$script"; done ;;
  # both checks always run, so one CI log lists every finding
  lint)    setup "$FULL_LOCK"; status=0
           "$VENV/bin/ruff" check "${LINT_PATHS[@]}" || status=1
           "$VENV/bin/ruff" format --check --output-format concise "${LINT_PATHS[@]}" || status=1
           exit "$status" ;;
  # two passes: formatting can leave a fix (an unused noqa) that the second pass settles
  fix)     setup "$FULL_LOCK"
           for _ in 1 2; do
             "$VENV/bin/ruff" check --fix --quiet "${LINT_PATHS[@]}" || true
             "$VENV/bin/ruff" format --quiet "${LINT_PATHS[@]}"
           done
           "$VENV/bin/ruff" check --statistics "${LINT_PATHS[@]}" ;;
  # needs only the pinned uv, so it also works when a lock is missing or broken
  lock)    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
           "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$(grep -E '^uv==' requirements-test.in)"
           lock "$@"; setup; echo "OK: requirements*.lock and environment.yml written" ;;
  *) echo "usage: scripts/dev.sh setup [runtime]|reports [PERIOD]|test [pytest args]|test-fast [pytest args]|lab [jupyter args]|bench|lint|fix|lock [uv args]" >&2; exit 2 ;;
esac
