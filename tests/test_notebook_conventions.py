"""Convention checks on the committed report notebooks (no execution)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from cchc.pipeline import find_notebooks

NOTEBOOKS = find_notebooks()  # the published pages; 00_kham_pha is checked in test_exploration.py
PARAMETERS = ["period", "data_dir", "output_dir", "unit", "cutoff", "snapshot", "bundle"]
ABSOLUTE_PATH = re.compile(r"""(['"])(/(?:home|work|tmp|usr|root|Users|var|opt|mnt)\b|[A-Za-z]:\\\\)""")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _parameter_cells(nb):
    return [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]


def test_the_report_has_its_nine_pages():
    names = [p.name for p in NOTEBOOKS]
    assert names == [
        "01_tong_quan.ipynb",
        "02_nhiem_vu.ipynb",
        "03_ho_so.ipynb",
        "04_van_ban.ipynb",
        "05_dao_tao.ipynb",
        "06_xu_huong.ipynb",
        "07_chat_luong_du_lieu.ipynb",
        "08_bao_cao.ipynb",
        "09_chi_so_phuc_vu.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_typed_commented_literals(path):
    nb = _read(path)
    cells = _parameter_cells(nb)
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    cell = cells[0]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert nb.cells.index(cell) == 1, "the parameters cell comes right after the title"
    tree = ast.parse(cell.source)
    names = []
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), f"only annotated assignments: {ast.dump(node)[:60]}"
        assert isinstance(node.target, ast.Name) and isinstance(node.annotation, ast.Name)
        assert isinstance(node.value, ast.Constant), f"{node.target.id} must be a literal"
        assert type(node.value.value).__name__ == node.annotation.id, f"{node.target.id}: type matches"
        names.append(node.target.id)
    assert names == PARAMETERS
    for line in cell.source.splitlines():
        assert "#" in line, f"every parameter is commented: {line}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_outputs_no_execution_counts_no_absolute_paths(path):
    nb = _read(path)
    for cell in nb.cells:
        assert not ABSOLUTE_PATH.search(cell.source), cell.source
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    assert nb.metadata["kernelspec"]["name"] == "cchc"
    nbformat.validate(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_a_fixed_id(path):
    """A cell without an id gets a random one at each run, and pages then differ run to run."""
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert all(cell.get("id") for cell in cells)


def test_absolute_path_pattern_catches_paths():
    assert ABSOLUTE_PATH.search('data_dir = "/work/main/data/raw"')
    assert not ABSOLUTE_PATH.search('data_dir = "../data/raw"')


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_parses_every_parameter(path):
    """papermill must see every parameter's name, type and default (no 'Unable to parse')."""
    from papermill.translators import PythonTranslator

    (cell,) = _parameter_cells(_read(path))
    names = [p.name for p in PythonTranslator.inspect(cell)]
    assert names == PARAMETERS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_a_stable_id(path):
    """nbformat invents a random id for a cell without one, and the pages would differ on every run."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert all(c.get("id") for c in cells)
