"""The indicator catalogue: its shape, the computed codes, and docs/indicators.md kept in step."""

from __future__ import annotations

import csv
import unicodedata

from cchc import catalogue, config
from cchc.indicators import compute
from frames import empty_frames

UNITS = {"hồ sơ", "nhiệm vụ", "văn bản", "lượt", "đơn vị", "thủ tục", "%"}


def test_columns_and_unique_codes():
    cat = catalogue.load_catalogue()
    assert list(cat.columns) == [
        "code",
        "family",
        "label",
        "unit",
        "definition",
        "parts",
        "decimals",
        "rising",
    ]
    assert not cat["code"].duplicated().any()
    assert set(cat["family"]) == set(catalogue.FAMILIES)
    for text in cat["label"]:
        assert text and unicodedata.normalize("NFC", text) == text


def test_file_is_plain_csv_readable_by_the_csv_module():
    with open(config.CATALOGUE_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert all(len(r) == len(catalogue.COLUMNS) for r in rows)


def test_computed_codes_have_prefix_unit_and_definition():
    cat = catalogue.load_catalogue()
    prefix = {
        "ho_so": "hs_",
        "nhiem_vu": "nv_",
        "van_ban": "vb_",
        "dao_tao": "dt_",
        "chi_tieu": "ct_",
        "chi_so_766": "pv_",
    }
    for row in cat.itertuples():
        assert row.code.startswith(prefix[row.family]), row.code
        assert row.definition, row.code
        if row.family != "chi_tieu":
            assert row.unit in UNITS, row.code
            assert row.unit == "%" or "_rate_" not in row.code


def test_every_rate_has_one_rounding_rule_and_counts_have_none():
    cat = catalogue.load_catalogue()
    rates = cat[cat["unit"] == "%"]
    assert rates["decimals"].str.fullmatch(r"[0-4]").all(), list(rates["code"])
    assert (cat.loc[cat["unit"] != "%", "decimals"] == "").all()
    assert catalogue.decimals("hs_rate_early") == 2 and catalogue.decimals("nv_rate_completed") == 0
    assert catalogue.decimals("dt_rate_plan") == 0 and catalogue.decimals("ct_satisfaction_rate") == 1


def test_parts_name_known_codes_of_the_same_family():
    cat = catalogue.load_catalogue().set_index("code")
    parts = catalogue.parts()
    assert parts["hs_resolved"] == ("hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late")
    assert parts["hs_received"] == ("hs_resolved", "hs_pending")
    assert parts["vb_out"] == ("vb_out_paper", "vb_out_electronic", "vb_out_electronic_with_paper")
    assert parts["nv_in_progress"] == (
        "nv_in_progress_overdue",
        "nv_in_progress_not_due",
        "nv_in_progress_no_deadline",
    )
    for total, items in parts.items():
        for p in items:
            assert cat.loc[p, "family"] == cat.loc[total, "family"]
            assert cat.loc[p, "unit"] != "%"


def test_compute_emits_exactly_the_catalogue_codes():
    table = compute(empty_frames(), "2022-H1")
    expected = [c for family in catalogue.FAMILIES for c in catalogue.codes(family)]
    assert list(table["code"]) == expected  # families in table order, codes in catalogue order


def test_label_unit_lookup():
    assert catalogue.label("hs_received") == "Số hồ sơ tiếp nhận"
    assert catalogue.label("hs_rate_early") == "Tỷ lệ hồ sơ giải quyết trước hạn"
    assert catalogue.unit("hs_rate_early") == "%"
    assert catalogue.unit("ct_it_spending") == "đồng"
    assert catalogue.label("xx_unknown") == "xx_unknown" and catalogue.unit("xx_unknown") == ""


def test_load_returns_a_copy():
    a = catalogue.load_catalogue()
    a.loc[0, "label"] = "changed"
    assert catalogue.load_catalogue().loc[0, "label"] != "changed"


def test_markdown_table():
    text = catalogue.markdown_table("ho_so")
    lines = text.splitlines()
    assert lines[0] == "| code | label | unit | definition | parts | decimals | rising |"
    assert len(lines) == 2 + len(catalogue.codes("ho_so"))
    assert "| `hs_received` | Số hồ sơ tiếp nhận | hồ sơ |" in text
    assert "`hs_resolved` + `hs_pending`" in text


def test_docs_indicators_md_is_up_to_date():
    path = config.PROJECT_ROOT / "docs" / "indicators.md"
    text = path.read_text(encoding="utf-8")
    assert catalogue.render_docs(text) == text, "run: python -m cchc.catalogue docs/indicators.md"
    for family in catalogue.FAMILIES:
        assert f"<!-- catalogue:{family} -->" in text
    for code in catalogue.codes():
        assert f"`{code}`" in text


def test_every_indicator_says_whether_rising_is_good_bad_or_neutral():
    cat = catalogue.load_catalogue().set_index("code")
    assert set(cat["rising"]) == {"good", "bad", "neutral"}
    late = [c for c in cat.index if "late" in c or "overdue" in c]
    assert late and (cat.loc[late, "rising"] == "bad").all()
    # volumes are neither good nor bad news
    assert (cat.loc[["hs_received", "nv_total", "vb_out", "dt_planned"], "rising"] == "neutral").all()
    assert (cat.loc[["hs_rate_early", "nv_rate_completed", "vb_rate_electronic"], "rising"] == "good").all()
