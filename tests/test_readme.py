"""The README's analyst example runs as written and prints what its comments say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


@pytest.mark.slow
def test_analyst_example_runs_and_prints_the_commented_results(tmp_path):
    """Run from a folder outside the project: the README's relative path follows the path rule."""
    (block,) = [b for b in python_blocks() if "cchc.load_data" in b]
    prints = [line for line in block.splitlines() if line.startswith("print(")]
    expected = [m.group(1).strip() for line in prints if (m := re.search(r"#\s*(.+)$", line))]
    assert expected and len(expected) == len(prints), "every print documents its output"
    for name in (
        "load_data",
        "compute",
        "compare",
        "series",
        "breakdowns=True",
        "value_of",
        "catalogue.",
        "fmt_",
    ):
        assert name in block, name
    result = subprocess.run(
        [sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected


def test_quick_start_is_two_commands_that_exist():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make reports", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert "\nreports:" in makefile and "\ntest:" in makefile
    assert "scripts/dev.sh test" in (ROOT / ".ci" / "run").read_text()


def test_readme_links_exist():
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
