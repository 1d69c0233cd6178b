"""A convention test that walks the package and the notebooks and fails on banned patterns.

Where a pattern is allowed, the reason is written next to it here.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lib" / "cchc"
MODULES = sorted(PACKAGE.rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Row loops allowed: over problems or output rows, never over input records in a computation.
ROW_LOOPS_ALLOWED = {
    "exports.py",          # writing the (small) indicator table cell by cell to xlsx
    "docx_writer.py",      # one Word table row per annex row
    "html.py",             # one HTML row per annex row
    "loading.py",          # one Problem per repeated id (problems only)
    "validation.py",       # one Problem per duplicate id (problems only)
    "audit.py",            # one printed line per dataset
    "reading.py",          # the header search looks at the first 15 rows only
    "catalogue.py",        # one Markdown line per catalogue row (about 100), not per record
}
#: Modules that talk to the terminal.
PRINT_ALLOWED = {"cli.py", "audit.py", "catalogue.py"}
ABSOLUTE_PATH = re.compile(r"""["'](/(work|root|home|tmp|srv|Users)/|[A-Za-z]:\\\\)""")


def test_every_module_says_what_it_is_for():
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} has no module docstring"


def test_public_functions_have_docstrings():
    missing = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                if not ast.get_docstring(node):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not missing, "public functions without a docstring:\n" + "\n".join(missing)


def test_no_row_loops_in_computations():
    offenders = []
    for path in MODULES:
        if path.name in ROW_LOOPS_ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\.iterrows\(", r"\.itertuples\(", r"\.apply\([^)]*axis\s*=\s*1"):
            for match in re.finditer(pattern, text):
                line = text[: match.start()].count("\n") + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "loops over records (vectorise):\n" + "\n".join(offenders)


def test_no_print_in_library_code():
    offenders = [str(p.relative_to(ROOT)) for p in MODULES
                 if p.name not in PRINT_ALLOWED and re.search(r"(?<![\w.])print\(", p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_no_absolute_paths_in_code_or_notebooks():
    offenders = []
    for path in [*MODULES, *NOTEBOOKS]:
        text = path.read_text(encoding="utf-8")
        if ABSOLUTE_PATH.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_notebooks_hold_no_logic_definitions():
    """Notebooks call the library; functions and classes belong in lib/ where they are tested."""
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While))]
            assert not defs, f"{path.name}: move loops and definitions into lib/cchc"


def test_user_facing_text_is_nfc():
    import unicodedata

    for path in [*MODULES, *NOTEBOOKS, *sorted((ROOT / "data" / "raw" / "narrative").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path.relative_to(ROOT)} is not NFC"
