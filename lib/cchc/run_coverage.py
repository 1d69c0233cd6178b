"""How far each dataset reaches into the reported period: the run's banner, warnings and refusals.

Built on :mod:`cchc.coverage` (each dataset's first and last date); raises
:class:`CoverageError` (exit 2) when there is nothing to report or, with
``--strict``, when a dataset is stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .publish import RunError

__all__ = ["QUIET_DAYS", "STALE_AFTER", "CoverageError", "coverage_notice"]

STALE_AFTER = {"months": 1}
#: Quiet days at the end of a period a dataset may have before the run says it stops early.
QUIET_DAYS = 7


class CoverageError(RunError):
    """The data does not reach the period (or, with ``--strict``, is stale): exit code 2."""

    def __init__(self, message_vi: str, message_en: str, exit_code: int = 2):
        super().__init__(message_vi, message_en, exit_code)


def _spans(coverage) -> str:
    """``Hồ sơ thủ tục hành chính (ho_so): 04/01/2021 – 30/06/2023; …`` (one entry per dataset)."""
    from .formatting import fmt_date

    return "; ".join(
        f"{title} ({name}): {fmt_date(first)} – {fmt_date(last)}"
        for title, name, first, last in zip(
            coverage["title"], coverage["dataset"], coverage["first"], coverage["last"]
        )
    )


def coverage_notice(
    frames, period, *, strict: bool = False, warn: Callable[[str], None] | None = None
) -> tuple[str, list[str]]:
    """What the run must say about how far each dataset reaches into ``period``.

    Returns the banner shown on every page (empty when every dataset covers
    the period) and the log warnings, one per dataset that stops before the
    period ends (more than :data:`QUIET_DAYS` before); a dataset whose newest
    record is older than the period's end by more than a month is *stale*.
    ``warn``, when given, receives each log warning before a ``strict``
    error is raised.

    Raises
    ------
    CoverageError
        The period starts after every dataset's last date (nothing to
        report), or ``strict`` and a dataset is stale.
    """
    import pandas as pd

    from .coverage import coverage_gaps, dataset_coverage
    from .formatting import fmt_date

    cov = dataset_coverage(frames).dropna(subset=["last"])
    if cov.empty:
        return "", []
    spans = _spans(cov)
    if (cov["last"] < period.start).all():
        raise CoverageError(
            f"Kỳ {period.label} ({period.range_label}) bắt đầu sau ngày cuối cùng của mọi bộ dữ liệu: "
            f"không có số liệu nào để báo cáo. Dữ liệu hiện có: {spans}.",
            f"Period {period.code} starts after the last date of every dataset: nothing to report. "
            f"Coverage (first – last date): {spans}.",
        )
    gaps = coverage_gaps(cov, period.start, period.end)
    quiet_end = period.end - dt.timedelta(days=QUIET_DAYS)
    gaps = gaps[gaps["gap"].isin(["after", "partial"]) & (gaps["last"] < quiet_end)]
    if gaps.empty:
        return "", []
    limit = (pd.Timestamp(period.end) - pd.DateOffset(**STALE_AFTER)).date()
    stale = gaps["last"] < limit
    lines, parts = [], []
    for title, name, last, is_stale in zip(gaps["title"], gaps["dataset"], gaps["last"], stale):
        old = " (dữ liệu cũ: hơn một tháng trước ngày cuối kỳ / stale data)" if is_stale else ""
        lines.append(
            f"{'DỮ LIỆU CŨ / STALE DATA: ' if is_stale else ''}{title} ({name}) "
            f"chỉ có số liệu đến {fmt_date(last)}, trước ngày cuối kỳ {fmt_date(period.end)}"
            f"{old} (data ends {fmt_date(last)}, before the period ends)."
        )
        parts.append(f"{title} đến {fmt_date(last)}{' (dữ liệu cũ)' if is_stale else ''}")
    for line in lines if warn is not None else ():
        warn(line)
    if strict and stale.any():
        names = ", ".join(gaps.loc[stale.to_numpy(), "dataset"])
        raise CoverageError(
            f"Dữ liệu cũ ({names}): bản ghi mới nhất cũ hơn ngày cuối kỳ {fmt_date(period.end)} quá một "
            f"tháng; với --strict không xuất bản báo cáo. Dữ liệu hiện có: {spans}.",
            f"Stale data ({names}): the newest record is more than a month older than the period's "
            f"end; --strict publishes nothing. Coverage: {spans}.",
        )
    banner = (
        "Số liệu chưa phủ hết kỳ báo cáo (kết thúc "
        + fmt_date(period.end)
        + "): "
        + "; ".join(parts)
        + ". Chỉ tiêu của các bộ dữ liệu này chỉ tính đến ngày đó."
    )
    return banner, lines
