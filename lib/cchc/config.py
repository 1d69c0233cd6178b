"""All paths and project-wide defaults, in one place.

One rule decides every folder the CLI, the notebooks and the library use:

1. an explicit argument (``--data``, ``--out``, a notebook's ``data_dir``
   parameter, the path given to :func:`cchc.load_data`);
2. else an environment variable: ``CCHC_DATA`` (input spreadsheets folder),
   ``CCHC_REPORTS`` (reports root), ``CCHC_ROOT`` (the project root itself);
3. else the project's own folder, resolved from the project root (the folder
   holding ``pyproject.toml`` and ``lib/cchc``), never from the current folder.

A *relative* path given explicitly or in a variable means what the person
typing it means: relative to the current folder when it exists there,
otherwise relative to the project root (so ``load_data("data/raw")`` works
from ``notebooks/`` as well as from the root). An output folder that does
not exist yet is made in the current folder when its parent is there
(``cchc run --out site`` from ``/srv/www`` writes ``/srv/www/site``). See
:func:`resolve_path`.
Every variable is listed in ``docs/reports.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variables the project reads (documented in docs/reports.md).
ENV_ROOT = "CCHC_ROOT"
ENV_DATA = "CCHC_DATA"
ENV_REPORTS = "CCHC_REPORTS"
ENV_CUTOFF = "CCHC_CUTOFF"
ENV_LOCK_TIMEOUT = "CCHC_LOCK_TIMEOUT"


def _find_root() -> Path:
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "lib" / "cchc").is_dir():
            return parent
    return Path.cwd().resolve()


PROJECT_ROOT: Path = _find_root()
#: The project's own folders (step 3 of the rule; no environment variable applied).
DATA_DIR: Path = PROJECT_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
REPORTS_DIR: Path = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
PACKAGE_DIR: Path = Path(__file__).resolve().parent
CATALOGUE_FILE: Path = PACKAGE_DIR / "catalogue.csv"

#: Jupyter kernel registered by ``make setup``; papermill runs notebooks on it.
KERNEL_NAME = "cchc"

#: Default date convention for periods: "calendar" or "decree09".
DEFAULT_CUTOFF = os.environ.get(ENV_CUTOFF, "calendar")

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


def resolve_path(path: str | os.PathLike[str], *, output: bool = False) -> Path:
    """An absolute path for ``path`` as the person who typed it means it.

    Absolute paths (and ``~``) are kept. A relative path is taken relative to
    the current folder when it exists there (for an ``output`` folder: when
    it or its parent folder exists there), otherwise relative to the project
    root.

    >>> resolve_path(Path.home() / "cchc") == Path.home() / "cchc"
    True
    """
    given = Path(path).expanduser()
    if given.is_absolute():
        return given
    here = Path.cwd() / given
    if here.exists() or (output and here.parent.is_dir()):
        return here.resolve()
    return (PROJECT_ROOT / given).resolve()


def _pick(explicit: str | os.PathLike[str] | None, env: str, default: Path, output: bool = False) -> Path:
    if explicit is not None and str(explicit) != "":
        return resolve_path(explicit, output=output)
    value = os.environ.get(env, "")
    if value:
        return resolve_path(value, output=output)
    return default


def data_folder(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The input spreadsheets folder: ``explicit``, else ``$CCHC_DATA``, else ``<root>/data/raw``.

    An empty string counts as not given (the notebooks' default).
    """
    return _pick(explicit, ENV_DATA, RAW_DIR)


def reports_folder(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The reports root: ``explicit``, else ``$CCHC_REPORTS``, else ``<root>/reports``."""
    return _pick(explicit, ENV_REPORTS, REPORTS_DIR, output=True)


def notebook_output_folder(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where a notebook run by hand writes its files: ``explicit``, else
    ``<reports root>/notebook-output`` (the pipeline always passes its own folder)."""
    if explicit is not None and str(explicit) != "":
        return resolve_path(explicit, output=True)
    return reports_folder() / "notebook-output"


def processed_dir_for(raw_dir: Path) -> Path:
    """Cache folder for a raw folder: ``<raw>/../processed``."""
    return Path(raw_dir).resolve().parent / "processed"
