"""Fixtures shared by the whole test session (see docs/architecture.md, "Tests").

- ``sample_raw``: a read-only copy of the bundled sample ``data/raw`` (spreadsheets,
  ``bao_cao.toml``, ``narrative/``), so loader caches are written beside the copy,
  never in the project's ``data/processed``.
- ``sample_data``: ``load_data`` of that copy, loaded once per session (and worker).
- ``published``: ONE published run of the sample for 2022-H1 with the real report
  notebooks, shared by every test that only reads its outputs (pages, manifest,
  Word file, browser tests, privacy scans…). Under pytest-xdist the workers build
  it once between them: the first takes a file lock and builds, the others wait
  and reuse the folder.

Tests must never write into these folders; a test that needs to change the data
or the output copies what it needs into its own ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings

from cchc import config

PERIOD = "2022-H1"

# Property tests judge inputs, not the machine's speed: on a shared 2-core machine (CI, two
# xdist workers) generating even a few floats can stall for seconds, which Hypothesis's
# timing checks would report as a failure. Tests' own @settings still apply on top.
settings.register_profile("cchc", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cchc")


def _session_dir(tmp_path_factory, name: str) -> Path:
    """``name`` under the temporary folder every xdist worker of this session shares."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # each worker has its own basetemp under the session's
    return base / name


def _built_once(tmp_path_factory, name: str, build) -> Path:
    """``build(folder)`` once per session across xdist workers; return the folder."""
    folder = _session_dir(tmp_path_factory, name)
    done = folder / ".done"
    with FileLock(str(folder) + ".lock"):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)  # a build that failed in another worker
            folder.mkdir(parents=True)
            build(folder)
            done.write_text("", encoding="utf-8")
    return folder


def copy_sample(dest: Path) -> Path:
    """Copy the bundled sample (spreadsheets, settings, narratives) to ``dest``; return it."""
    shutil.copytree(config.RAW_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory) -> Path:
    """A copy of the bundled sample data, shared by the session: read only."""
    if not any(config.RAW_DIR.glob("ho_so*")):
        pytest.skip("sample data not generated")
    return _built_once(tmp_path_factory, "sample", lambda f: copy_sample(f / "raw")) / "raw"


@pytest.fixture(scope="session")
def sample_data(sample_raw):
    """``load_data`` of the sample copy (a :class:`cchc.loading.LoadedData`); do not mutate."""
    from cchc.loading import load_data

    return load_data(sample_raw)


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> dict:
    """One published 2022-H1 run of the sample with the real notebooks: read only.

    Returns ``raw`` (its input folder), ``out`` (the reports root), ``folder`` (the
    published ``out/2022-H1``) and ``lines`` (the run's progress log).
    """
    from cchc.pipeline import run_period

    if not any(config.RAW_DIR.glob("ho_so*")):
        pytest.skip("sample data not generated")

    def build(base: Path) -> None:
        lines: list[str] = []
        raw = copy_sample(base / "raw")
        run_period(PERIOD, data_dir=raw, out_dir=base / "reports", jobs=2, log=lines.append)
        (base / "lines.json").write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")

    base = _built_once(tmp_path_factory, "published", build)
    return {
        "raw": base / "raw",
        "out": base / "reports",
        "folder": base / "reports" / PERIOD,
        "lines": json.loads((base / "lines.json").read_text(encoding="utf-8")),
    }
