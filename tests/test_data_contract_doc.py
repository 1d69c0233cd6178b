"""docs/data-contract.md lists every column of the contract, as the code has it."""

from pathlib import Path

from cchc.contract import DATASETS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "data-contract.md").read_text(encoding="utf-8")


def test_every_column_is_documented_with_header_name_and_requirement():
    for dataset in DATASETS.values():
        assert f"### `{dataset.name}`" in DOC
        section = DOC.split(f"### `{dataset.name}`", 1)[1].split("\n### ", 1)[0]
        for column in dataset.columns:
            row = next(
                (
                    line
                    for line in section.splitlines()
                    if line.startswith(f"| {column.header} | `{column.name}` |")
                ),
                None,
            )
            assert row is not None, f"{dataset.name}.{column.name} missing from the doc"
            assert row.split("|")[4].strip() == ("yes" if column.required else "no")
            for alias in column.aliases:
                assert f"`{alias}`" in row
