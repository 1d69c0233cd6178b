"""The landing pages of a run: a period's ``index.html`` (key figures, "Cần xử lý", the pages,
the downloads) and the units' comparison page of ``cchc run --unit all``."""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .publish import write_json, write_text_atomic
from .templating import Markup, render

__all__ = ["landing_lead", "landing_page", "write_comparison"]


def landing_lead(table, items, pages: list[dict]) -> str:
    """What a landing page leads with: key figure cards, then the red "Cần xử lý" block.

    ``table`` and ``items`` are the period bundle's indicator table and action
    items (:func:`cchc.indicators.views.action_items`).

    Links (to the dossier and task pages) are relative to the period folder;
    the same fragment is written to :data:`~cchc.publish.LEAD_FILE` for the root index.
    """
    from .pages import action_block, key_cards

    files = {p["name"][3:-6]: p["file"] for p in pages}  # "03_ho_so.ipynb" -> "ho_so"
    links = {k: files[f] for k, f in (("hồ sơ", "ho_so"), ("nhiệm vụ", "nhiem_vu")) if f in files}
    return str(
        render("components/landing_lead.html.j2", cards=key_cards(table), action=action_block(items, links))
    )


def landing_page(
    period,
    pages: list[dict],
    settings,
    generated: str,
    unit: str | None,
    exports: list[str],
    banner: str = "",
    links: tuple[tuple[str, str], ...] = (),
    lead: str = "",
    field: str = "",
    field_links: tuple[tuple[str, str], ...] = (),
) -> str:
    """A period's ``index.html``: notices, ``lead`` (:func:`landing_lead`), the pages, the downloads.

    ``links`` are the other reports of the same run (``--unit all``), listed
    under "Báo cáo theo đơn vị"; ``field_links`` those of ``--by field``,
    under "Báo cáo theo lĩnh vực". ``field``: the page of one field's report.
    """
    from .publish import html_page

    kinds = {".docx": "Báo cáo (Word)", ".csv": "Bảng chỉ tiêu (CSV)", ".xlsx": "Bảng chỉ tiêu (Excel)"}
    body = render(
        "components/landing.html.j2",
        banner=banner,
        notice=settings.notice or "",
        links=links,
        field_links=field_links,
        lead=Markup(lead),
        pages=pages,
        downloads=[(kinds.get(Path(x).suffix, "Tệp"), x) for x in exports],
    )
    return html_page(
        "Báo cáo cải cách hành chính",
        body,
        settings.org_name,
        period_label=period.label,
        range_label=period.range_label,
        generated=generated,
        unit=unit or "",
        field=field,
    )


def write_comparison(staging: Path, p, frame, names: dict[str, str], settings, started_wall) -> None:
    """The comparison page (``index.html``) and its manifest, in the page style of the reports."""
    from .publish import html_page
    from .unit_comparison import comparison_table, summary_cards

    links = {u: f"../{name}/index.html" for u, name in names.items()}
    body = render(
        "components/comparison.html.j2",
        cards=summary_cards(frame),
        table=comparison_table(frame, links),
        period_code=p.code,
    )
    generated = started_wall.strftime("%d/%m/%Y %H:%M")
    write_text_atomic(
        staging / "index.html",
        html_page(
            "So sánh các đơn vị",
            body,
            settings.org_name,
            period_label=p.label,
            range_label=p.range_label,
            generated=generated,
        ),
    )
    write_json(
        staging / "manifest.json",
        {
            "period": p.code,
            "period_label": p.label,
            "range_label": p.range_label,
            "period_start": p.start.isoformat(),
            "period_end": p.end.isoformat(),
            "unit": "So sánh các đơn vị",
            "units": names,
            "package_version": __version__,
            "generated": generated,
            "ranking": json.loads(frame.to_json(orient="records", force_ascii=False)),
        },
    )
