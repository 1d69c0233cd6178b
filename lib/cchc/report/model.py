"""The report's neutral block model, rendered by both the HTML page and the Word writer.

A report is a header (who issues it, number, place and date, title and
summary) followed by a flat list of blocks: :class:`Heading`,
:class:`Paragraph`, :class:`BulletList` and :class:`Table`, then the closing
("Nơi nhận", signature) and the annexes. Text in paragraphs is a tuple of
:class:`Run` so that bold, italic and footnotes from the staff's Markdown
survive into both renderers without either of them parsing Markdown again.
A :class:`Placeholder` marks text the office must still write: the Word
draft shows it highlighted, the leadership HTML never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    #: When set, this run is a footnote reference and this is the footnote's text.
    footnote: str | None = None


_EMPHASIS = re.compile(r"(\*\*\*[^*\n]+?\*\*\*|\*\*[^*\n]+?\*\*|\*[^*\n]+?\*)")


_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def runs_from_markdown(text: str, footnotes: dict[str, str] | None = None) -> tuple[Run, ...]:
    """Split inline Markdown emphasis (``**bold**``, ``*italic*``, ``***both***``) into runs.

    With ``footnotes`` (label -> text), each ``[^label]`` becomes a footnote
    reference run (``Run.footnote`` holds the note's text). Anything else,
    HTML included, stays literal text (renderers escape it).

    >>> runs_from_markdown("đạt **09/21** nội dung")
    (Run(text='đạt ', bold=False, italic=False), Run(text='09/21', bold=True, italic=False), Run(text=' nội dung', bold=False, italic=False))
    """  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)
    if footnotes:
        out: list[Run] = []
        pieces = _FOOTNOTE_REF.split(text)
        for k, piece in enumerate(pieces):
            if k % 2:
                out.append(
                    Run(f"[^{piece}]", footnote=footnotes[piece])
                    if piece in footnotes
                    else Run(f"[^{piece}]")
                )
            elif piece:
                out.extend(runs_from_markdown(piece))
        return tuple(out)
    out = []
    for piece in _EMPHASIS.split(text):
        if not piece:
            continue
        if piece.startswith("***") and piece.endswith("***") and len(piece) > 6:
            out.append(Run(piece[3:-3], bold=True, italic=True))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            out.append(Run(piece[2:-2], bold=True))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            out.append(Run(piece[1:-1], italic=True))
        else:
            out.append(Run(piece))
    return tuple(out)


def plain(runs: tuple[Run, ...]) -> str:
    """The runs' text without emphasis (footnote references left out)."""
    return "".join(r.text for r in runs if r.footnote is None)


@dataclass(frozen=True)
class Heading:
    """A body heading; level 1 = "I. …" (bold upper case), 2 = "1. …", 3 = "a) …"."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (justified, first-line indent in Word)."""

    runs: tuple[Run, ...]

    @classmethod
    def of(cls, text: str, footnotes: dict[str, str] | None = None) -> Paragraph:
        return cls(runs_from_markdown(text, footnotes))

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass(frozen=True)
class BulletList:
    """Items written "- item" as the reference does."""

    items: tuple[tuple[Run, ...], ...]

    @classmethod
    def of(cls, items: list[str], footnotes: dict[str, str] | None = None) -> BulletList:
        return cls(tuple(runs_from_markdown(i, footnotes) for i in items))


@dataclass(frozen=True)
class Placeholder:
    """Text the office must still write ("[Cần bổ sung: …]"): highlighted in the Word draft,
    never shown in the leadership HTML (listed on the data-quality page and in run.log)."""

    text: str

    @property
    def marker(self) -> str:
        return f"[Cần bổ sung: {self.text}]"


@dataclass(frozen=True)
class Table:
    """An annex table.

    ``frame`` holds the figures with the second header row as its column
    labels; ``header_groups`` is the first header row as (label, span) pairs
    (spans add up to the number of columns); ``column_numbers`` is the row of
    column numbers "(1)=(2)+(3)+(4)"; when ``totals`` the last row of
    ``frame`` is the totals row. ``zero_as_dash`` writes 0 as "-" like the
    reference's annexes.
    """

    title: str
    frame: pd.DataFrame
    column_numbers: tuple[str, ...]
    header_groups: tuple[tuple[str, int], ...] = ()
    subtitle: tuple[str, ...] = ()
    totals: bool = False
    zero_as_dash: bool = True
    note: str = ""
    #: "Phụ lục I" … and "(Kèm theo Báo cáo số …/BC-VP ngày …)", set when the report numbers it.
    label: str = ""
    attached: str = ""

    def __post_init__(self) -> None:
        if len(self.column_numbers) != self.frame.shape[1]:
            raise ValueError("column_numbers must have one entry per column")
        if self.header_groups and sum(s for _, s in self.header_groups) != self.frame.shape[1]:
            raise ValueError("header_groups spans must cover every column")


Block = Heading | Paragraph | BulletList | Table | Placeholder


@dataclass(frozen=True)
class ReportHeader:
    """The administrative header of the document (Nghị định 30/2020/NĐ-CP)."""

    superior_body: str
    org_name: str
    number_symbol: str
    place_date: str
    title: str
    summary: str
    #: "(Từ ngày … đến ngày …)"; empty when the summary already names the dates.
    range_label: str


@dataclass(frozen=True)
class Closing:
    """ "Nơi nhận" and the signature block."""

    recipients: tuple[str, ...]
    signer_titles: tuple[str, ...]
    signer_name: str


@dataclass
class ReportDocument:
    """A complete report: header, body blocks, closing, annexes and reader notices."""

    period_code: str
    period_label: str
    header: ReportHeader
    body: list[Block]
    closing: Closing
    annexes: list[Block] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: Notes for the staff (no narrative file, a placeholder without a value): shown in the Word
    #: draft, never in the leadership HTML.
    staff_notes: list[str] = field(default_factory=list)
    issued: pd.Timestamp | None = None
    #: The period's last day (fixes the Word file's metadata dates).
    period_end: object = None

    @property
    def placeholders(self) -> list[str]:
        """Every "[Cần bổ sung: …]" the Word draft shows (for the data-quality page, run.log)."""
        return [b.marker for b in [*self.body, *self.annexes] if isinstance(b, Placeholder)]

    def staff_messages(self) -> list[str]:
        """What the office still has to do or know: staff notes, then placeholders (run.log)."""
        return [*self.staff_notes, *self.placeholders]

    def text(self) -> str:
        """All the report's text, one block per line (for search and tests)."""
        lines = [
            self.header.superior_body,
            self.header.org_name,
            self.header.number_symbol,
            self.header.place_date,
            self.header.title,
            self.header.summary,
            self.header.range_label,
        ]
        for block in [*self.body, *self.annexes]:
            if isinstance(block, (Heading, Paragraph)):
                lines.append(block.text)
            elif isinstance(block, BulletList):
                lines.extend("- " + plain(i) for i in block.items)
            elif isinstance(block, Table):
                lines.extend(x for x in (block.label, block.title) if x)
        lines.extend(self.closing.recipients)
        lines.extend(self.closing.signer_titles)
        lines.append(self.closing.signer_name)
        return "\n".join(line for line in lines if line)
