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
    "exports.py",  # writing the (small) indicator table cell by cell to xlsx
    "docx_writer.py",  # one Word table row per annex row
    "html.py",  # one HTML row per annex row
    "loading.py",  # one Problem per repeated id (problems only)
    "validation.py",  # one Problem per duplicate id (problems only)
    "audit.py",  # one printed line per dataset
    "reading.py",  # the header search looks at the first 15 rows only
    "catalogue.py",  # one Markdown line per catalogue row (about 100), not per record
}
#: Modules that talk to the terminal.
PRINT_ALLOWED = {"cli.py", "audit.py", "catalogue.py"}
#: An HTML tag (opening or closing) in a string: markup the templates must build instead.
HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|span|p|a|ul|ol|li|table|thead|tbody|tfoot|tr|td|th|caption|h[1-6]|section"
    r"|header|footer|main|nav|figure|figcaption|details|summary|strong|em|b|i|br|sup|sub|style|script"
    r"|img|svg|code|hr|meta|title|link|label|input|form|button)\b",
    re.IGNORECASE,
)
#: The one module that escapes text for HTML (cchc.templating renders every template).
ESCAPE_ALLOWED = {"templating.py"}
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
            public = isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
            if public and not ast.get_docstring(node):
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


def _markup_by_hand(tree: ast.AST) -> list[str]:
    """Where a module escapes HTML itself or writes tags in an f-string or a string concatenation."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if HTML_TAG.search(text):
                found.append(f"line {node.lineno}: f-string with HTML tags")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if any(
                isinstance(side, ast.Constant) and isinstance(side.value, str) and HTML_TAG.search(side.value)
                for side in (node.left, node.right)
            ):
                found.append(f"line {node.lineno}: HTML tags joined with + or %")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "escape"
            and not (isinstance(node.value, ast.Name) and node.value.id == "re")
        ):  # re.escape: regex
            found.append(f"line {node.lineno}: .escape(…)")
        elif isinstance(node, ast.ImportFrom) and any(a.name == "escape" for a in node.names):
            found.append(f"line {node.lineno}: imports escape from {node.module}")
    return found


def test_html_is_rendered_by_templates_only():
    """Issue 12: one way to render HTML — templates with autoescape (cchc.templating).

    A module outside the templating module that calls an ``escape`` function
    or builds markup with f-strings (or ``+``/``%``) holding HTML tags fails.
    Parsing HTML (``html.unescape``, ``HTMLParser``), writing OOXML (``<w:t>``)
    and ``re.escape`` are allowed.
    """
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in MODULES
        if path.name not in ESCAPE_ALLOWED
        and (found := _markup_by_hand(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_markup_check_catches_hand_built_html():
    """The check above is not vacuous: each way of building HTML by hand is caught."""
    samples = [
        'x = f"<td>{v}</td>"',
        'x = "<p>" + v',
        "x = html.escape(v)",
        "from markupsafe import escape",
        'x = "<li>%s</li>" % v',
    ]
    assert all(_markup_by_hand(ast.parse(code)) for code in samples)
    assert not _markup_by_hand(
        ast.parse('x = f"<w:t>{v}</w:t>"; y = html.unescape(v); z = f"a < {b}"; re.escape(v)')
    )


def test_no_print_in_library_code():
    offenders = [
        str(p.relative_to(ROOT))
        for p in MODULES
        if p.name not in PRINT_ALLOWED and re.search(r"(?<![\w.])print\(", p.read_text(encoding="utf-8"))
    ]
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
            defs = [
                n
                for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While))
            ]
            assert not defs, f"{path.name}: move loops and definitions into lib/cchc"


def test_user_facing_text_is_nfc():
    import unicodedata

    for path in [*MODULES, *NOTEBOOKS, *sorted((ROOT / "data" / "raw" / "narrative").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path.relative_to(ROOT)} is not NFC"
