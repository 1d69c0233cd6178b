"""The analysts' exploration notebook: committed clean, never published, runs on the sample."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cchc import config
from cchc.pipeline import find_notebooks

NOTEBOOK = config.NOTEBOOKS_DIR / "00_kham_pha.ipynb"
BIN = Path(sys.executable).parent


def test_it_is_not_a_published_page():
    assert NOTEBOOK.is_file()
    assert NOTEBOOK not in find_notebooks()
    assert len(find_notebooks()) == 9


def test_committed_without_outputs_with_one_literal_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    (params,) = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert nb.cells.index(params) == 1
    for node in ast.parse(params.source).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant)
    sources = "\n".join(c.source for c in code)
    for pattern in (
        "cchc.load_data(",
        "cchc.compute(",
        "cchc.series(",
        "breakdowns=True",
        "charts.use_report_style()",
        "charts.SERIES_COLORS",
    ):
        assert pattern in sources, pattern


@pytest.mark.slow
@pytest.mark.skipif(not any(config.RAW_DIR.glob("ho_so*")), reason="no sample data")
def test_it_runs_on_the_sample_from_another_folder(tmp_path):
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(BIN / "papermill"), str(NOTEBOOK), "out.ipynb", "--no-progress-bar"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "06 tháng đầu năm 2022: 566 hồ sơ, 94,35% giải quyết trước hạn" in text
    # charts show as inline SVG (text/html) by default
    assert any("<svg" in str(o.get("data", {}).get("text/html", "")) for o in outputs)
