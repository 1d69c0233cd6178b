"""The office's own words for a period: ``<narrative_dir>/<period-code>.md``.

Staff write one Markdown file per period. Level-1 headings name the report's
sections by their numbering; the text under each replaces the generated
sentences of that section:

``# Mở đầu`` (the opening paragraph), ``# I``, ``# II.1`` … ``# II.6``,
``# III``, ``# IV``, ``# Kết thúc`` (the closing "Trên đây là …"). A heading
may carry a title after its number (``# IV. GIẢI PHÁP … 6 THÁNG CUỐI NĂM 2022``)
which then replaces the default section title. Deeper headings (``##``,
``###``) become the report's sub-headings; lines starting ``- `` or ``* ``
are bullet items; ``**bold**`` and ``*italic*`` are kept; anything else
(HTML included) is literal text.

Placeholders (one line each, never spanning lines):

- ``{{hs_received}}``: an indicator of the period, formatted by its unit
  (counts vi-VN with a leading zero under ten, rates with the catalogue's
  decimals, money in đồng);
- ``{{nv_total|assigning_doc=Kế hoạch số 1147/KH-VP}}``: the same for one group
  of a breakdown (``dimension=group``);
- ``{{ct_units_inspected/ct_units_total}}``: a ratio as a percent (one decimal);
  ``|decimals=N`` changes the decimals of any rate;
- ``{{sentence:dossiers}}`` (also ``tasks``, ``plans``, ``documents``,
  ``training``, ``chi_so_766``): the generated sentences inline; a line holding only
  ``{{list:dossier_fields}}`` becomes the bullet list of dossiers by field;
- ``{{period_label}}``, ``{{period_range}}``: the period's label (lower case inside a
  sentence, "trong quý III/2022"; capital at a sentence's start) and dates.

Footnotes are written as in Markdown: ``[^1]`` where the mark goes and, on a
line of its own anywhere in the file, ``[^1]: text of the note``. They become
footnotes in the HTML page and real footnotes in the Word file.

An unknown placeholder, an unknown breakdown group, a footnote without its
text, or an unknown section raises :class:`NarrativeError`, which lists every
problem once with its file (the path as the user gave it) and line. A file
over :data:`MAX_BYTES` is refused before it is parsed; parsing is linear in
the file's size. :func:`validate_narratives` checks a period's file before
any notebook runs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..indicators import percent_of
from .figures import by_unit, is_missing, pct, rate_decimals
from .model import Block, BulletList, Heading, Paragraph

_SECTION_HEADING = re.compile(
    r"^(?:(?P<open>mở đầu)|(?P<close>kết thúc|kết luận)|"
    r"(?P<roman>IV|III|II|I)(?:\.(?P<sub>[1-6]))?)(?:\s*[.:)]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_LIST_LINE = re.compile(r"^\s*\{\{\s*list:(\w+)\s*\}\}\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FOOTNOTE_DEF = re.compile(r"^\s*\[\^([^\]\s]+)\]:\s*(.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")

#: Largest narrative file accepted (a report's text is a few tens of kilobytes).
MAX_BYTES = 200_000
#: Largest ``decimals=`` a placeholder may ask for.
MAX_DECIMALS = 4


class NarrativeError(ValueError):
    """Problems in a narrative file; ``problems`` lists (file, line, placeholder/text, message)."""

    def __init__(self, problems: list[tuple[str, int, str, str]]):
        self.problems = list(dict.fromkeys(problems))  # each problem once
        lines = [
            f"{f}, dòng {n}: {msg} “{what}”" if n else f"{f}: {msg}" for f, n, what, msg in self.problems
        ]
        super().__init__("Tệp lời văn báo cáo có lỗi (narrative file errors):\n" + "\n".join(lines))


@dataclass
class Narrative:
    """A parsed narrative: blocks and optional title per section key."""

    path: Path | None
    sections: dict[str, list[Block]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Resolver:
    """What placeholders are filled from.

    ``table`` is the period's tidy indicator table; ``known_codes`` the
    catalogue's codes (a code neither there nor in the table is unknown);
    ``sentences`` maps a name to a function giving the generated sentences;
    ``lists`` maps a name to a function giving bullet items.
    """

    table: pd.DataFrame
    period: object
    known_codes: frozenset[str] = frozenset()
    sentences: Mapping[str, Callable[[], list[str]]] = field(default_factory=dict)
    lists: Mapping[str, Callable[[], list[str]]] = field(default_factory=dict)

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str, str], tuple[float, str]]:
        """(code, dimension, group) -> (value, unit), built once: every lookup is O(1)."""
        t = self.table
        if t is None or t.empty:
            return {}
        dims = t["dimension"].astype("string").fillna("")
        grps = t["group"].astype("string").fillna("") if "group" in t else dims
        units = t["unit"] if "unit" in t else pd.Series("", index=t.index)
        index: dict[tuple[str, str, str], tuple[float, str]] = {}
        for key in zip(t["code"].astype(str), dims, grps, t["value"], units):  # once per table row
            index.setdefault(key[:3], (key[3], key[4]))
        return index

    @functools.cached_property
    def _codes(self) -> frozenset[str]:
        return frozenset(self.known_codes) | frozenset(c for c, _, _ in self._index)

    @functools.cached_property
    def _groups(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for _, d, g in self._index:
            if d:
                out.setdefault(d, set()).add(g)
        return {d: frozenset(g) for d, g in out.items()}

    def codes(self) -> frozenset[str]:
        return self._codes

    def dimensions(self) -> dict[str, frozenset[str]]:
        """Breakdown dimension -> its groups present in the table."""
        return self._groups

    def value(self, code: str, dimension: str = "", group: str = "") -> float:
        hit = self._index.get((code, dimension, group if dimension else ""))
        if hit is None or is_missing(hit[0]):
            return float("nan")
        return float(hit[0])

    def unit_of(self, code: str) -> str:
        """The code's unit: the table's, else the catalogue's (never guessed from the code)."""
        hit = self._index.get((code, "", ""))
        if hit is not None and not is_missing(hit[1]) and str(hit[1]):
            return str(hit[1])
        from .. import catalogue

        return catalogue.unit(code)


def _fill(expr: str, resolver: Resolver) -> tuple[str | None, str | None, str | None]:
    """Resolve one placeholder: (text, error message, notice)."""
    if expr == "period_label":
        return str(resolver.period.label), None, None
    if expr == "period_range":
        return str(resolver.period.range_label), None, None
    if expr.startswith("sentence:"):
        name = expr.split(":", 1)[1].strip()
        if name not in resolver.sentences:
            return (
                None,
                (f"không có câu tự động tên “{name}” (có: {', '.join(sorted(resolver.sentences))})"),
                None,
            )
        return " ".join(resolver.sentences[name]()), None, None
    if expr.startswith("list:"):
        return None, "{{list:…}} phải đứng riêng một dòng", None
    parts = [p.strip() for p in expr.split("|")]
    head, options = parts[0], parts[1:]
    decimals = None
    dimension = group = ""
    for opt in options:
        key, sep, val = opt.partition("=")
        key, val = key.strip(), val.strip()
        if not sep or not key:
            return None, f"tùy chọn không hợp lệ “{opt}”", None
        if key == "decimals":
            if not val.isdigit() or int(val) > MAX_DECIMALS:
                return None, f"decimals phải là số nguyên từ 0 đến {MAX_DECIMALS} “{val}”", None
            decimals = int(val)
        elif dimension:
            return None, "chỉ được chọn một nhóm (dimension=group)", None
        else:
            dimension, group = key, val
    codes = [c.strip() for c in head.split("/")]
    if len(codes) > 2 or not all(_CODE.match(c) for c in codes):
        return None, "không phải mã chỉ tiêu", None
    unknown = [c for c in codes if c not in resolver.codes()]
    if unknown:
        return None, f"không rõ mã chỉ tiêu {', '.join(unknown)}", None
    if dimension:
        dims = resolver.dimensions()
        if dimension not in dims:
            return None, f"không rõ chiều phân tổ “{dimension}” (có: {', '.join(sorted(dims))})", None
        if group not in dims[dimension]:
            return None, f"nhóm “{group}” không có trong dữ liệu của chiều “{dimension}”", None
    values = [resolver.value(c, dimension, group) for c in codes]
    if any(is_missing(v) for v in values) and not (len(codes) == 1 and resolver.unit_of(codes[0]) == "%"):
        return "…", None, f"chưa có số liệu cho {{{{{expr}}}}}"
    if len(codes) == 2:
        return pct(percent_of(*values), 1 if decimals is None else decimals), None, None
    code = codes[0]
    unit = resolver.unit_of(code)
    if unit == "%":
        return pct(values[0], rate_decimals(code) if decimals is None else decimals), None, None
    return by_unit(values[0], unit, code), None, None


def _substitute(line: str, lineno: int, path: str, resolver: Resolver, problems: list, notices: list) -> str:
    def repl(match: re.Match) -> str:
        text, error, notice = _fill(match.group(1), resolver)
        if error:
            problems.append((path, lineno, match.group(0), error))
            return match.group(0)
        if notice:
            notices.append(f"{path}, dòng {lineno}: {notice}")
        if text and match.group(1).strip() == "period_label":
            # lower case inside a sentence ("trong quý III/2022"), capital at its start
            before = line[: match.start()].rstrip(" *_")
            text = (text[0].upper() if not before or before[-1] in ".:!?#-" else text[0].lower()) + text[1:]
        return text or ""

    return _PLACEHOLDER.sub(repl, line)


def _section_key(text: str) -> tuple[str | None, str]:
    m = _SECTION_HEADING.match(text.strip())
    if not m:
        return None, ""
    title = m.group("title").strip()
    if m.group("open"):
        return "mo_dau", ""
    if m.group("close"):
        return "ket_thuc", ""
    roman = m.group("roman").upper()
    sub = m.group("sub")
    if roman == "II":
        if not sub:
            return "II", title
        return f"II.{sub}", title
    if sub:
        return None, ""
    return roman, title


def parse_narrative(text: str, resolver: Resolver, *, path: str = "<narrative>") -> Narrative:
    """Parse a narrative's text into blocks per section, filling placeholders.

    Raises
    ------
    NarrativeError
        Listing every unknown placeholder, bad option or unknown section with
        ``path`` and its line number.
    """
    problems: list[tuple[str, int, str, str]] = []
    notices: list[str] = []
    result = Narrative(path=Path(path))
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise NarrativeError([(path, 0, "", _too_large(len(text.encode("utf-8"))))])
    section: str | None = None
    paragraph: list[str] = []
    bullets: list[str] = []
    blocks: list[Block] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph.of(" ".join(paragraph), footnotes))
            paragraph.clear()
        if bullets:
            blocks.append(BulletList.of(list(bullets), footnotes))
            bullets.clear()

    def close_section() -> None:
        flush()
        if section is not None:
            result.sections.setdefault(section, []).extend(blocks)
        blocks.clear()

    text = unicodedata.normalize("NFC", text)
    # HTML comments are notes for staff: blank them out, keeping line numbers
    text = _blank_comments(text)
    lines = text.splitlines()
    # footnote texts first ("[^1]: …" lines, anywhere), so references can be resolved
    footnotes: dict[str, str] = {}
    for lineno, raw in enumerate(lines, start=1):
        found = _FOOTNOTE_DEF.match(raw)
        if found:
            footnotes[found.group(1)] = _substitute(
                found.group(2).strip(), lineno, path, resolver, problems, notices
            )
            lines[lineno - 1] = ""
    for lineno, raw in enumerate(lines, start=1):
        for ref in _FOOTNOTE_REF.findall(raw):
            if ref not in footnotes:
                problems.append(
                    (path, lineno, f"[^{ref}]", "chú thích chưa có nội dung (thiếu dòng “[^…]: …”)")
                )
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        heading = _MD_HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            close_section()
            key, title = _section_key(heading.group(2))
            if key is None or key == "II":
                if key == "II":
                    section = None
                    continue
                problems.append(
                    (
                        path,
                        lineno,
                        heading.group(2),
                        "không rõ mục báo cáo (dùng: Mở đầu, I, II.1 … II.6, III, IV, Kết thúc)",
                    )
                )
                section = None
                continue
            section = key
            if title:
                result.titles[key] = _substitute(title, lineno, path, resolver, problems, notices)
            continue
        if section is None:
            if line.strip():
                problems.append(
                    (path, lineno, line.strip()[:40], "nội dung nằm ngoài mục báo cáo (thiếu tiêu đề # …)")
                )
            continue
        if not line.strip():
            flush()
            continue
        if heading:
            flush()
            level = len(heading.group(1))
            level = min(level + (1 if section.startswith("II.") else 0), 4)
            blocks.append(
                Heading(level, _substitute(heading.group(2), lineno, path, resolver, problems, notices))
            )
            continue
        listed = _LIST_LINE.match(line)
        if listed:
            flush()
            name = listed.group(1)
            if name not in resolver.lists:
                problems.append((path, lineno, line.strip(), f"không có danh sách tự động tên “{name}”"))
            else:
                blocks.append(BulletList.of(resolver.lists[name]()))
            continue
        filled = _substitute(line.strip(), lineno, path, resolver, problems, notices)
        bullet = _BULLET.match(filled)
        if bullet:
            if paragraph:
                blocks.append(Paragraph.of(" ".join(paragraph), footnotes))
                paragraph.clear()
            bullets.append(bullet.group(1))
        elif bullets and raw.startswith((" ", "\t")):
            bullets[-1] += " " + filled
        else:
            if bullets:
                blocks.append(BulletList.of(list(bullets), footnotes))
                bullets.clear()
            paragraph.append(filled)
    close_section()
    if problems:
        raise NarrativeError(problems)
    result.notices = notices
    return result


def _blank_comments(text: str) -> str:
    """``<!-- … -->`` replaced by as many newlines as it spans, in one linear scan.

    An unclosed ``<!--`` runs to the end of the file (as in HTML).
    """
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        stop = len(text) if end < 0 else end + 3
        out.append("\n" * text.count("\n", start, stop))
        pos = stop
    return "".join(out)


def narrative_path(narrative_dir: Path | str | None, period_code: str) -> Path | None:
    """``<narrative_dir>/<period-code>.md`` when it exists, else None."""
    if narrative_dir is None:
        return None
    path = Path(narrative_dir) / f"{period_code}.md"
    return path if path.is_file() else None


def load_narrative(narrative_dir: Path | str | None, period_code: str, resolver: Resolver) -> Narrative:
    """Read and parse the period's narrative; an empty :class:`Narrative` with a notice if absent."""
    path = narrative_path(narrative_dir, period_code)
    if path is None:
        return Narrative(
            path=None,
            notices=[
                f"Chưa có tệp lời văn narrative/{period_code}.md: báo cáo dùng các câu tự động "
                f"từ số liệu. (No narrative file for {period_code}: generated sentences used.)"
            ],
        )
    return parse_narrative(read_narrative(path), resolver, path=str(path))


def _too_large(size: int) -> str:
    from ..formatting import fmt_int

    return (
        f"tệp quá lớn ({fmt_int(size)} byte; tối đa {fmt_int(MAX_BYTES)} byte). "
        f"(Narrative file too large: {size:,} bytes, limit {MAX_BYTES:,}.)"
    )


def read_narrative(path: Path) -> str:
    """The file's text; a file over :data:`MAX_BYTES` or not UTF-8 is a :class:`NarrativeError`."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NarrativeError([(str(path), 0, "", _too_large(size))])
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NarrativeError(
            [(str(path), 0, "", "tệp không phải văn bản UTF-8. (Narrative file is not UTF-8 text.)")]
        ) from None


def validate_narratives(data_dir: Path | str, period, bundle=None, settings=None) -> list[str]:
    """Problems of the period's narrative file, each once, before any notebook runs.

    ``data_dir`` is the data folder as the user gave it (the narrative is
    ``<data_dir>/narrative/<period-code>.md``; messages name it that way).
    With ``bundle`` (the period's :class:`~cchc.indicators.bundle.PeriodBundle`)
    every placeholder is resolved against the period's real indicators
    (groups included); without, codes, options, sections,
    sentence and list names and footnotes are checked against the catalogue.
    Returns one line per problem ("<path>, dòng 12: … “{{…}}”"), an empty list
    when the file is fine or absent.
    """
    from ..periods import parse_period

    period = parse_period(period) if isinstance(period, str) else period
    path = narrative_path(Path(data_dir) / "narrative", period.code)
    if path is None:
        return []
    try:
        if bundle is not None:
            from .document import build_report

            build_report(bundle, settings=settings, narrative_dir=Path(data_dir) / "narrative")
        else:
            from .document import _catalogue_codes

            names = ("dossiers", "tasks", "plans", "documents", "training")
            resolver = _StructureResolver(
                table=pd.DataFrame(columns=["code", "dimension", "group", "value", "unit"]),
                period=period,
                known_codes=_catalogue_codes(),
                sentences={n: (lambda: []) for n in names},
                lists={"dossier_fields": lambda: []},
            )
            parse_narrative(read_narrative(path), resolver, path=str(path))
    except NarrativeError as exc:
        return str(exc).splitlines()[1:]  # one line per problem (the header is the caller's)
    return []


@dataclass(frozen=True)
class _StructureResolver(Resolver):
    """A resolver without figures: any breakdown dimension and group is accepted."""

    def dimensions(self) -> dict[str, frozenset[str]]:
        return _AnyGroups()

    def value(self, code: str, dimension: str = "", group: str = "") -> float:
        return 0.0


class _AnyGroups(dict):
    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key):
        return _Everything()


class _Everything(frozenset):
    def __contains__(self, item: object) -> bool:
        return True
