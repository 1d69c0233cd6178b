"""The landing pages of a run: a period's ``index.html`` (key figures, "Cần xử lý", the pages,
the downloads) and the units' comparison page of ``cchc run --unit all``."""

from __future__ import annotations

import html
import json
from pathlib import Path

from . import __version__
from .publish import write_json, write_text_atomic

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
    return (f'<h2 id="so-lieu-chinh">Số liệu chính</h2>\n{key_cards(table)}\n'
            f"{action_block(items, links)}\n")


def landing_page(period, pages: list[dict], settings, generated: str, unit: str | None,
                  exports: list[str], banner: str = "", links: tuple[tuple[str, str], ...] = (),
                  lead: str = "") -> str:
    """A period's ``index.html``: notices, ``lead`` (:func:`landing_lead`), the pages, the downloads.

    ``links`` are the other reports of the same run (``--unit all``), listed
    under "Báo cáo theo đơn vị".
    """
    from .publish import html_page

    e = html.escape
    links_html = "\n".join(
        f'<li><a href="{e(p["file"])}">{e(p["title"] or p["name"])}</a></li>' for p in pages)
    kinds = {".docx": "Báo cáo (Word)", ".csv": "Bảng chỉ tiêu (CSV)", ".xlsx": "Bảng chỉ tiêu (Excel)"}
    downloads = "".join(
        f'<li>{e(kinds.get(Path(x).suffix, "Tệp"))}: <a href="{e(x)}">{e(x)}</a></li>' for x in exports)
    notice = f'<p class="notice info">{e(settings.notice)}</p>' if settings.notice else ""
    if banner:
        notice = f'<p class="notice coverage" role="alert">{e(banner)}</p>' + notice
    if links:  # the reports of every unit of the same run (cchc run --unit all)
        notice += ("<h2 id=\"theo-don-vi\">Báo cáo theo đơn vị</h2>\n<ul class=\"pages\">"
                   + "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in links)
                   + "</ul>\n")
    body = (f"{notice}{lead}<h2 id=\"cac-trang\">Các trang báo cáo</h2>\n<ul class=\"pages\">\n{links_html}\n</ul>\n"
            f"<h2 id=\"tai-ve\">Tải về</h2>\n<ul class=\"pages\">{downloads}</ul>\n<p>"
            f'<a href="manifest.json">manifest.json</a> (nguồn số liệu, mã băm); '
            f'<a href="run.log">run.log</a>; các sổ tính đã chạy (.ipynb) để đối chiếu.</p>\n'
            '<p><a href="../index.html">← Tất cả các kỳ báo cáo</a></p>')
    meta = f"{e(period.range_label)} · Lập lúc {e(generated)}" + (f" · Đơn vị: {e(unit)}" if unit else "")
    title = f"Báo cáo cải cách hành chính: {period.label}"
    return html_page(title, body, settings.org_name, meta)


def write_comparison(staging: Path, p, frame, names: dict[str, str], settings, started_wall) -> None:
    """The comparison page (``index.html``) and its manifest, in the page style of the reports."""
    from .publish import html_page
    from .unit_comparison import comparison_table, summary_cards

    links = {u: f"../{name}/index.html" for u, name in names.items()}
    body = (str(summary_cards(frame))
            + "<h2 id=\"xep-hang\">Xếp hạng các đơn vị</h2>\n"
            + '<p class="prose">Xếp theo tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn (cao trước), rồi số hồ sơ, '
              "nhiệm vụ quá hạn (ít trước), rồi tỷ lệ hồ sơ nộp trực tuyến (cao trước). Nhấn tên đơn vị để mở "
              "báo cáo của đơn vị.</p>\n"
            + str(comparison_table(frame, links))
            + f'<p><a href="../{html.escape(p.code)}/index.html">← Báo cáo của toàn cơ quan</a> · '
              '<a href="../index.html">Tất cả các kỳ báo cáo</a></p>')
    generated = started_wall.strftime("%d/%m/%Y %H:%M")
    write_text_atomic(staging / "index.html", html_page(
        f"So sánh các đơn vị: {p.label}", body, settings.org_name,
        f"{html.escape(p.range_label)} · Lập lúc {html.escape(generated)}"))
    write_json(staging / "manifest.json", {
        "period": p.code, "period_label": p.label, "range_label": p.range_label,
        "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
        "unit": "So sánh các đơn vị", "units": names, "package_version": __version__,
        "generated": generated, "ranking": json.loads(frame.to_json(orient="records", force_ascii=False)),
    })
