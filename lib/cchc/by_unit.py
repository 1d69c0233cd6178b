"""``cchc run --unit all``: the office's report, one report per unit and the units' comparison,
built from one load and published all together or not at all."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .landing import write_comparison
from .processes import stop_workers
from .publish import RunError, check_replaceable, folder_name, make_staging, recover_and_clean, swap_into_place
from .runlog import RunLog

__all__ = ["COMPARISON_SUFFIX", "publish_by_unit"]

#: Folder of the units' comparison page: ``<period>.don-vi`` (a unit's folder is
#: ``<period>-<slug>``, so no unit can take this name).
COMPARISON_SUFFIX = ".don-vi"


def publish_by_unit(ctx, texts, bundle, units: list[str], say: RunLog):
    """The office's report, one report per unit and the units' comparison, published together.

    Every folder is built in its own staging folder first (the data loaded
    once; each unit's period bundle computed once from the same frames, the
    office's ``bundle`` by the caller); only
    when all of them succeeded are they swapped in, one atomic swap each.
    Any failure deletes every staging folder: no report, the office's or a
    unit's, is replaced. ``banner`` (the data-coverage warning) is shown on
    every landing page; ``notes`` (the office's staff notes) go with the
    office's report. ``ctx`` is the run's :class:`~cchc.pipeline.RunContext`.
    Returns ``(office folder, settings, office results)``; call while holding
    the lock.
    """
    from .indicators.bundle import build_bundle
    from .indicators.views import filter_unit
    from .settings import load_report_settings
    from .snapshot import SNAPSHOT_DIR, read_input_texts, write_snapshot
    from .unit_comparison import comparison_frame

    from .pipeline import build_report_folder

    p, root, data, raw, pool, stop = ctx.period, ctx.root, ctx.data, ctx.raw, ctx.pool, ctx.stop
    names = {u: folder_name(p.code, u, units) for u in units}
    comparison = p.code + COMPARISON_SUFFIX
    stagings: list[tuple[Path, str]] = []

    def stage(name, unit, unit_texts, unit_bundle, links=(), staff_notes=()):
        staging = make_staging(root, name)
        stagings.append((staging, name))
        log = RunLog(say)  # each report's run.log holds its own lines
        snapshot = write_snapshot(staging / SNAPSHOT_DIR, data, unit_texts, p.code)
        settings = load_report_settings(snapshot)
        result = build_report_folder(ctx, staging, snapshot, unit_texts, settings, unit_bundle, unit,
                                     time.perf_counter(), log, links, staff_notes)
        return settings, result

    try:
        for name in [p.code, comparison, *names.values()]:
            check_replaceable(root, name)
        for line in recover_and_clean(root):
            say(line)
        tables = {}
        for unit in units:  # one report per unit (a few dozen at most)
            say(f"Đơn vị {unit} → {names[unit]}")
            unit_bundle = build_bundle(filter_unit(data.frames, unit), p, unit=unit, missing=data.missing,
                                       service_index=ctx.service_index)
            tables[unit] = unit_bundle.table
            stage(names[unit], unit, read_input_texts(raw, p.code, unit, units), unit_bundle)
        links = ((f"../{comparison}/index.html", "So sánh các đơn vị"),
                 *((f"../{names[u]}/index.html", u) for u in units))
        say(f"Văn phòng (toàn cơ quan) → {p.code}")
        settings, result = stage(p.code, None, texts, bundle, links, ctx.notes)
        staging = make_staging(root, comparison)
        stagings.append((staging, comparison))
        write_comparison(staging, p, comparison_frame(tables), names, settings, ctx.started_wall)
        pool.shutdown(wait=True)
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
            raise RunError(f"Không ghi được báo cáo vào '{root}': {exc.strerror or exc}. "
                           "Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên.",
                           f"Cannot write the reports to '{root}': {exc}. "
                           "Nothing was published; the previous reports are unchanged.") from None
        raise
