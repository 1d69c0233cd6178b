"""All paths and project-wide defaults, in one place.

Paths are resolved relative to the project root (the folder holding
``pyproject.toml``) so that the CLI, the notebooks and the tests agree no
matter which directory they are started from. Environment variables let a
scheduled run point elsewhere without code changes.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("CCHC_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "lib" / "cchc").is_dir():
            return parent
    return Path.cwd().resolve()


PROJECT_ROOT: Path = _find_root()
DATA_DIR: Path = Path(os.environ.get("CCHC_DATA", PROJECT_ROOT / "data"))
RAW_DIR: Path = DATA_DIR / "raw"
PROCESSED_DIR: Path = DATA_DIR / "processed"
REPORTS_DIR: Path = Path(os.environ.get("CCHC_REPORTS", PROJECT_ROOT / "reports"))
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
PACKAGE_DIR: Path = Path(__file__).resolve().parent
CATALOGUE_FILE: Path = PACKAGE_DIR / "catalogue.csv"

#: Jupyter kernel registered by ``make setup``; papermill runs notebooks on it.
KERNEL_NAME = "cchc"

#: Default date convention for periods: "calendar" or "decree09".
DEFAULT_CUTOFF = os.environ.get("CCHC_CUTOFF", "calendar")

#: Default reporting period for notebooks and the CLI.
DEFAULT_PERIOD = "2022-H1"

#: How many rows from the top to search for the header row (letterheads, titles,
#: a two-row header and a row of column numbers all fit).
HEADER_SEARCH_ROWS = 30

#: Largest sheet read: used rows × used columns. 1.2 million dossiers × 10 columns
#: fit; a sheet past this (or a stray cell at XFD1048576) is rejected with its size.
MAX_CELLS = 12_000_000
#: Widest sheet or CSV read (columns actually used).
MAX_COLUMNS = 512

#: First and last month the bundled sample data covers.
SAMPLE_START = "2021-01-01"
SAMPLE_END = "2023-06-30"


def processed_dir_for(raw_dir: Path) -> Path:
    """Cache folder for a raw folder: ``<raw>/../processed``."""
    return Path(raw_dir).resolve().parent / "processed"
