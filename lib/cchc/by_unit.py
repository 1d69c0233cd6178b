"""``cchc run --unit all`` / ``--by field``: the office's report, one report per unit (and the units'
comparison) and/or per field of the dossiers, built from one load and published all together or
not at all."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

from .landing import write_comparison
from .processes import stop_workers
from .publish import (
    RunError,
    check_replaceable,
    folder_name,
    make_staging,
    recover_and_clean,
    swap_into_place,
)
from .runlog import RunLog
from .templating import render

__all__ = [
    "BY_KINDS",
    "COMPARISON_SUFFIX",
    "FIELD_PAGES",
    "by_kinds",
    "field_data",
    "field_folder_name",
    "field_lead",
    "known_fields",
    "publish_by_unit",
]

#: Folder of the units' comparison page: ``<period>.don-vi`` (a unit's folder is
#: ``<period>-<slug>``, so no unit can take this name).
COMPARISON_SUFFIX = ".don-vi"
#: What ``--by`` can split a run by.
BY_KINDS = ("unit", "field")
#: A field's report folder is ``<period>.linh-vuc-<field slug>``: the dot keeps it apart from
#: every unit's ``<period>-<unit slug>`` and from the comparison ``<period>.don-vi``.
FIELD_INFIX = ".linh-vuc"
#: The pages of a field's report (notebook names without ``NN_``): a field is an attribute of
#: dossiers only, so only the dossier and 766 pages can speak for it (docs/reports.md).
FIELD_PAGES = ("ho_so", "chi_so_phuc_vu")
#: Key figure cards of a field's landing page (dossiers only).
FIELD_CARDS = ("hs_received", "hs_rate_timely", "hs_pending_overdue", "hs_rate_online")


def by_kinds(by) -> tuple[str, ...]:
    """``by`` (None, ``"unit"``, ``"field"`` or an iterable of them) as a tuple in :data:`BY_KINDS` order.

    >>> by_kinds(None), by_kinds("field"), by_kinds(["field", "unit", "field"])
    ((), ('field',), ('unit', 'field'))
    """
    given = () if by is None else (by,) if isinstance(by, str) else tuple(by)
    unknown = [b for b in given if b not in BY_KINDS]
    if unknown:
        raise RunError(
            f"Không lập được báo cáo theo '{unknown[0]}'; chỉ có: unit (đơn vị), field (lĩnh vực).",
            f"Cannot report by '{unknown[0]}'; only 'unit' and 'field' are supported.",
            exit_code=2,
        )
    return tuple(k for k in BY_KINDS if k in given)


def known_fields(frames) -> list[str]:
    """Every field (lĩnh vực) named in the dossier records, in Vietnamese alphabetical order."""
    from .formatting import vi_sort_key

    frame = frames.get("ho_so")
    if frame is None or "field" not in frame.columns:
        return []
    return sorted({str(f) for f in frame["field"].dropna().unique()} - {""}, key=vi_sort_key)


def field_folder_name(period_code: str, field: str, fields=()) -> str:
    """A field's report folder, ``2022-H1.linh-vuc-dat-dai``; a field whose name has no letter or
    digit, or whose slug is another field's, gets a hash of its exact name (as units do)."""
    return folder_name(period_code + FIELD_INFIX, field, fields, fallback="")


def field_notebooks(notebooks: list[Path]) -> list[Path]:
    """The notebooks of a field's report (:data:`FIELD_PAGES`), in their order."""
    return [nb for nb in notebooks if nb.stem.split("_", 1)[-1] in FIELD_PAGES]


def field_data(data, field: str):
    """``data`` (:class:`~cchc.loading.LoadedData`) with the dossiers of ``field`` only and every
    other dataset empty: tasks, documents, training and key figures have no field."""
    frames = {}
    for name, frame in data.frames.items():  # the five datasets
        if name == "ho_so" and "field" in frame.columns:
            keep = frame["field"].astype("string").eq(field).fillna(False).to_numpy(dtype=bool)
            frames[name] = frame[keep].reset_index(drop=True)
        else:
            frames[name] = frame.iloc[0:0]
    return dataclasses.replace(data, frames=frames)


def field_lead(bundle, pages: list[dict]) -> str:
    """A field's landing lead: a link back to the office's report, the dossier cards and the
    field's overdue dossiers ("Cần xử lý"), from the field's period bundle."""
    from .pages import action_block, key_cards

    files = {p["name"][3:-6]: p["file"] for p in pages}  # "03_ho_so.ipynb" -> "ho_so"
    links = {"hồ sơ": files["ho_so"]} if "ho_so" in files else {}
    items = bundle.actions
    return str(
        render(
            "components/field_lead.html.j2",
            office=bundle.period_code,
            cards=key_cards(bundle.table, FIELD_CARDS),
            action=action_block(items[items["kind"] == "hồ sơ"], links),
        )
    )


def _settings_only(texts):
    """``texts`` (:class:`~cchc.snapshot.InputTexts`) without the narrative: a field has none."""
    from .snapshot import SETTINGS_FILE_NAME, InputTexts

    return InputTexts({k: v for k, v in texts.files.items() if k == SETTINGS_FILE_NAME}, None)


def publish_by_unit(ctx, texts, bundle, units: list[str], say: RunLog, kinds: tuple[str, ...] = ("unit",)):
    """The office's report with one report per unit (and the units' comparison) and/or per field.

    ``kinds`` holds ``"unit"``, ``"field"`` or both (:func:`by_kinds`).
    Every folder is built in its own staging folder first (the data loaded
    once; each unit's and field's period bundle computed once from the same
    frames, the office's ``bundle`` by the caller); only when all of them succeeded are they swapped in, one atomic
    swap each. Any failure deletes every staging folder: no report, the
    office's, a unit's or a field's, is replaced. A field's report holds the
    dossier pages only (:data:`FIELD_PAGES`), run on a snapshot of the
    field's dossiers (:func:`field_data`). ``ctx.banner`` (the data-coverage
    warning) is shown on every landing page; ``ctx.notes`` (the office's
    staff notes) go with the office's report. ``ctx`` is the run's
    :class:`~cchc.pipeline.RunContext`. Returns ``(office folder, settings,
    office results)``; call while holding the lock.
    """  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)
    from .indicators.bundle import build_bundle
    from .indicators.views import filter_unit
    from .pipeline import build_report_folder
    from .settings import load_report_settings
    from .snapshot import SNAPSHOT_DIR, read_input_texts, write_snapshot
    from .unit_comparison import comparison_frame

    p, root, data, raw, pool, stop = ctx.period, ctx.root, ctx.data, ctx.raw, ctx.pool, ctx.stop
    units = list(units) if "unit" in kinds else []
    fields = known_fields(data.frames) if "field" in kinds else []
    names = {u: folder_name(p.code, u, units) for u in units}
    field_names = {f: field_folder_name(p.code, f, fields) for f in fields}
    comparison = p.code + COMPARISON_SUFFIX
    stagings: list[tuple[Path, str]] = []

    def stage(report_ctx, name, unit, unit_texts, unit_bundle, staff_notes=(), **landing):
        staging = make_staging(root, name)
        stagings.append((staging, name))
        log = RunLog(say)  # each report's run.log holds its own lines
        snapshot = write_snapshot(staging / SNAPSHOT_DIR, report_ctx.data, unit_texts, p.code)
        settings = load_report_settings(snapshot)
        result = build_report_folder(
            report_ctx,
            staging,
            snapshot,
            unit_texts,
            settings,
            unit_bundle,
            unit,
            time.perf_counter(),
            log,
            staff_notes=staff_notes,
            **landing,
        )
        return settings, result

    def bundle_of(frames, unit: str = ""):
        return build_bundle(frames, p, unit=unit, missing=data.missing, service_index=ctx.service_index)

    try:
        for name in [p.code, *([comparison] if units else []), *names.values(), *field_names.values()]:
            check_replaceable(root, name)
        for line in recover_and_clean(root):
            say(line)
        tables = {}
        for unit in units:  # one report per unit (a few dozen at most)
            say(f"Đơn vị {unit} → {names[unit]}")
            unit_bundle = bundle_of(filter_unit(data.frames, unit), unit)
            tables[unit] = unit_bundle.table
            stage(ctx, names[unit], unit, read_input_texts(raw, p.code, unit, units), unit_bundle)
        field_pages, settings_only = field_notebooks(ctx.notebooks), _settings_only(texts)
        for field in fields:  # one dossier report per field (a few dozen at most)
            say(f"Lĩnh vực {field} → {field_names[field]}")
            one = dataclasses.replace(ctx, data=field_data(data, field), notebooks=field_pages)
            stage(one, field_names[field], None, settings_only, bundle_of(one.data.frames), field=field)
        links = (
            (
                (f"../{comparison}/index.html", "So sánh các đơn vị"),
                *((f"../{names[u]}/index.html", u) for u in units),
            )
            if units
            else ()
        )
        field_links = tuple((f"../{field_names[f]}/index.html", f) for f in fields)
        say(f"Văn phòng (toàn cơ quan) → {p.code}")
        settings, result = stage(
            ctx, p.code, None, texts, bundle, ctx.notes, links=links, field_links=field_links
        )
        if units:
            staging = make_staging(root, comparison)
            stagings.append((staging, comparison))
            write_comparison(staging, p, comparison_frame(tables), names, settings, ctx.started_wall)
        with stop.blocked():  # every swap, or none: a stop request waits for the last one
            folders = [swap_into_place(staging, root, name) for staging, name in stagings]
            stop.published = True
        say(f"Đã xuất bản {len(folders)} thư mục: {', '.join(name for _, name in stagings)}")
        return root / p.code, settings, result
    except BaseException as exc:
        with stop.blocked():
            stop_workers(pool)
            for staging, _name in stagings:
                shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise RunError(
                f"Không ghi được báo cáo vào '{root}': {exc.strerror or exc}. "
                "Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên.",
                f"Cannot write the reports to '{root}': {exc}. "
                "Nothing was published; the previous reports are unchanged.",
            ) from None
        raise
