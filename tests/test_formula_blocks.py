"""Every formula block of the notes is tied to code that implements, shows and tests it."""

from pathlib import Path

import pytest

from deepnotes_docs.formulas import (
    citation,
    parse,
    reference_targets,
    render_block,
    render_index,
    resolve,
    verification,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCKS = [b for page in sorted(DOCS.rglob("*.md")) for b in parse(page.read_text(), page.name)]


def test_the_notes_have_formula_blocks():
    assert len(BLOCKS) >= 35


def test_ids_are_unique():
    ids = [b.id for b in BLOCKS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_block_target_exists_has_a_doctest_and_cites_the_id(block):
    target = resolve(block.impl)
    doc = target.__doc__ or ""
    assert ">>>" in doc, f"{block.impl} has no doctest"
    assert citation(block.id) in doc, f"{block.impl} does not cite {citation(block.id)}"
    assert "$$" in doc, f"{block.impl} does not show the formula"


def test_parser_reads_indented_blocks_and_ignores_other_fences():
    text = (
        "```python\nx = 1\n```\n\n"
        '    ```formula id="a-b" impl="pkg.mod.fn"\n'
        "    x = \\frac{1}{2}\n"
        "      + y\n"
        "    ```\n"
    )
    [block] = parse(text, "page.md")
    assert (block.id, block.impl, block.latex) == ("a-b", "pkg.mod.fn", "x = \\frac{1}{2}\n  + y")
    rendered = render_block(block, "    ")
    assert "[](){#formula-a-b}" in rendered and "[`fn`][pkg.mod.fn]" in rendered
    assert all(line.startswith("    ") for line in rendered.splitlines() if line)


def test_index_has_one_row_per_block_grouped_by_page():
    index = render_index(BLOCKS, {b.page: b.page.upper() for b in BLOCKS})
    for block in BLOCKS:
        assert f"({block.page}#formula-{block.id})" in index
    assert index.count("| --- | --- | --- | --- |") == len({b.page for b in BLOCKS})


REFERENCES = reference_targets(Path(__file__).resolve().parent / "reference")


def test_reference_decorators_name_real_implementations():
    assert REFERENCES, "tests/reference should name the implementations it checks"
    for target in REFERENCES:
        assert callable(resolve(target)), target


def test_verification_marks_follow_the_machinery():
    cases = {"deepnotes.batchnorm.batchnorm_backward"}
    refs = {"deepnotes.batchnorm.batchnorm_backward": ["test_x"]}
    assert verification("deepnotes.batchnorm.batchnorm_backward", cases, refs) == [
        "doctest",
        "gradient check",
        "PyTorch reference",
    ]
    assert verification("deepnotes.depth.deep_linear_output", cases, refs) == ["doctest"]


def test_the_index_names_a_missing_configuration_file_or_reference_folder(tmp_path):
    from deepnotes_docs.formulas import index

    with pytest.raises(ValueError, match=r"config_file must name an existing file.*nowhere.yml'"):
        index(tmp_path / "nowhere.yml", tmp_path)
    (tmp_path / "mkdocs.yml").write_text("nav: []\n")
    with pytest.raises(ValueError, match=r"references must name an existing folder"):
        index(tmp_path / "mkdocs.yml", tmp_path / "missing")


def test_the_index_follows_the_navigation_of_the_configuration_file(tmp_path):
    from deepnotes_docs.formulas import index

    (tmp_path / "docs").mkdir()
    fence = '```formula id="{}" impl="deepnotes.activations.relu"\nx\n```\n'
    (tmp_path / "docs" / "b.md").write_text("# Bee\n\n" + fence.format("two"))
    (tmp_path / "docs" / "a.md").write_text("# Ay\n\n" + fence.format("one"))
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, null]\nnav:\n  - Bee: b.md\n  - Part:\n      - a.md\n"
    )
    text = index(tmp_path / "mkdocs.yml", tmp_path)
    assert text.startswith("**2 formulas** in 2 chapters")
    assert text.index("## Bee") < text.index("## Ay")
    assert "[`two`](b.md#formula-two)" in text
