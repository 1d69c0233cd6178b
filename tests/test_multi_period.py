"""Several periods in one ``cchc run`` (issue 12): ``--period 2022-01 2022-02 …`` and ``--period all``.

Runs use the bundled sample with the one tiny notebook of
``tests/fixtures/multi_period`` (it fails for 2022-02 only).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from cchc import cli, config, pipeline
from cchc.pipeline import RunError, periods_in_data, run_periods
from cchc.publish import REPORT_MARKER

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "multi_period"
SAMPLE = config.RAW_DIR
needs_sample = pytest.mark.skipif(not any(SAMPLE.glob("ho_so*")), reason="sample data not generated")


def test_all_periods_are_every_named_period_overlapping_the_data():
    frames = {
        "ho_so": pd.DataFrame(
            {
                "received_date": pd.to_datetime(["2021-01-04", "2021-07-01"]),
                "resolved_date": pd.to_datetime(["2021-02-01", "2022-03-10"]),
            }
        ),
        "van_ban": pd.DataFrame({"date": pd.to_datetime([None])}),
    }
    codes = [p.code for p in periods_in_data(frames, "calendar")]
    months = [f"2021-{m:02d}" for m in range(1, 13)] + ["2022-01", "2022-02", "2022-03"]
    assert codes == [
        *months,
        "2021-Q1",
        "2021-Q2",
        "2021-Q3",
        "2021-Q4",
        "2022-Q1",
        "2021-H1",
        "2021-H2",
        "2022-H1",
        "2021-9M",
        "2022-9M",
        "2021",
        "2022",
    ]
    # decree09: 10/03/2022 lies in the month running 15/02–14/03, i.e. 2022-03
    decree = periods_in_data(frames, "decree09")
    assert [p.code for p in decree if p.kind == "month"][-1] == "2022-03"
    assert decree[0].start == dt.date(2020, 12, 15)
    assert periods_in_data({"van_ban": pd.DataFrame({"date": pd.to_datetime([None])})}, "calendar") == []


@needs_sample
def test_the_sample_covers_51_periods():
    from cchc.loading import load_data

    counts = pd.Series([p.kind for p in periods_in_data(load_data(SAMPLE).frames, "calendar")]).value_counts()
    assert counts.to_dict() == {"month": 30, "quarter": 10, "half": 5, "nine_months": 3, "year": 3}


@pytest.mark.parametrize("periods", [["all", "2022-01"], []])
def test_all_goes_alone_and_some_period_is_needed(periods, tmp_path):
    with pytest.raises(RunError, match="chỉ 'all'") as info:
        run_periods(periods, data_dir=tmp_path, out_dir=tmp_path / "out", notebooks_dir=FIXTURES)
    assert info.value.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_the_command_line_takes_several_periods():
    args = cli.build_parser().parse_args(["run", "--period", "2022-01", "2022-Q1", "all"])
    assert args.period == ["2022-01", "2022-Q1", "all"]
    assert cli.build_parser().parse_args(["indicators", "--period", "2022-01"]).period == "2022-01"


@needs_sample
@pytest.mark.slow
def test_each_period_is_published_and_the_root_index_written_once(tmp_path, monkeypatch):
    calls = []
    real = pipeline.write_root_index
    monkeypatch.setattr(pipeline, "write_root_index", lambda *a, **k: calls.append(a) or real(*a, **k))
    out = tmp_path / "reports"
    lines: list[str] = []
    folders = run_periods(
        ["2022-03", "2022-Q1", "2022-03"],
        data_dir=SAMPLE,
        out_dir=out,
        jobs=1,
        notebooks_dir=FIXTURES,
        log=lines.append,
    )
    assert folders == [out / "2022-03", out / "2022-Q1"]  # a repeated code runs once
    for folder in folders:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["period"] == folder.name
        assert f"Kỳ {folder.name}" in (folder / "01_period.html").read_text(encoding="utf-8")
    assert len(calls) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2022-03/index.html" in index and "2022-Q1/index.html" in index
    assert sum("Đã đọc" in line for line in lines) == 1  # the data is loaded once
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


@needs_sample
@pytest.mark.slow
def test_a_failed_period_stops_the_run_and_keeps_its_last_good_report(tmp_path):
    out = tmp_path / "reports"
    good = out / "2022-02"
    good.mkdir(parents=True)
    (good / "index.html").write_text("last good", encoding="utf-8")
    (good / REPORT_MARKER).write_text("", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    with pytest.raises(RunError) as info:
        run_periods(
            ["2022-01", "2022-02", "2022-03"],
            data_dir=SAMPLE,
            out_dir=out,
            jobs=1,
            notebooks_dir=FIXTURES,
            log=lambda line: None,
        )
    message = str(info.value)
    for part in (
        "Kỳ 2022-02",
        "01_period.ipynb",
        "tháng hai hỏng",
        "Period 2022-02",
        "Published by this run: 2022-01",
        "not run: 2022-03",
    ):
        assert part in message, message
    assert info.value.published == [out / "2022-01"]
    assert (out / "2022-01" / "manifest.json").is_file()
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert not (out / "2022-03").exists()
    assert "2022-01/index.html" in (out / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


@needs_sample
@pytest.mark.slow
def test_the_command_line_says_what_a_failed_multi_period_run_published(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "find_notebooks", lambda folder=None: sorted(FIXTURES.glob("*.ipynb")))
    code = cli.main(
        [
            "run",
            "--period",
            "2022-01",
            "2022-02",
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path / "r"),
            "--jobs",
            "1",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "chỉ xuất bản các kỳ trước kỳ bị lỗi: 2022-01" in err and "Traceback" not in err
