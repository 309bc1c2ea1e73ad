"""The code blocks of the pages compile cleanly: no invalid escapes in the prose they print."""

import re
import warnings
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r'^```python exec="on"[^\n]*\n(.*?)^```', re.MULTILINE | re.DOTALL)
BLOCKS = [
    pytest.param(code, id=f"{page.name}:{n}")
    for page in sorted(DOCS.rglob("*.md"))
    for n, code in enumerate(BLOCK.findall(page.read_text()))
]


def test_pages_have_executable_blocks():
    assert len(BLOCKS) > 10


@pytest.mark.parametrize("code", BLOCKS)
def test_block_compiles_without_warnings(code):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(code, "<block>", "exec")


@pytest.mark.parametrize("code", BLOCKS)
def test_block_strings_hold_no_control_characters(code):
    r"""LaTeX in a non-raw string turns \alpha, \beta, \frac into control characters."""
    import ast

    bad = [
        node.value
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(c in node.value for c in "\x07\x08\x0b\x0c\r")
    ]
    assert not bad, f"use an r-string: {[b[:60] for b in bad]}"
