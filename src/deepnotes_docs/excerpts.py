"""Source code shown in a chapter, cut from the package and labelled as an excerpt.

A chapter that shows how a function is written prints its source at build time, so the
page can never drift from the code. A function cut out of its module needs the module's
imports, and sometimes its private helpers, to run; the block's title says so, and the
copy-from-anywhere test (``tests/test_copy.py``) reads the title and does not offer it
as a script.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from typing import Any

__all__ = ["excerpt", "without_docstring"]


def without_docstring(function: Any) -> str:
    """The source of ``function``, dedented, with its docstring dropped.

    Examples
    --------
    >>> from deepnotes.initializers import weight_std
    >>> from deepnotes_docs.excerpts import without_docstring
    >>> print(without_docstring(weight_std).splitlines()[1])
        fan_in = check_int(fan_in, "fan_in", minimum=1)
    """
    source = textwrap.dedent(inspect.getsource(function))
    node = ast.parse(source).body[0]
    lines = source.splitlines()
    body = node.body[0]  # type: ignore[attr-defined]
    if isinstance(body, ast.Expr) and isinstance(body.value, ast.Constant):
        del lines[body.lineno - 1 : body.end_lineno]
    return "\n".join(lines).rstrip()


def excerpt(*functions: Any) -> str:
    """A fenced block, as Markdown, of the source of ``functions`` from one module.

    Examples
    --------
    >>> from deepnotes.initializers import weight_std
    >>> from deepnotes_docs.excerpts import excerpt
    >>> print(excerpt(weight_std).splitlines()[0])
    ``` { .python title="Excerpt of src/deepnotes/initializers.py, which uses its imports" }
    """
    modules = {inspect.getmodule(f) for f in functions}
    if len(modules) != 1:
        raise ValueError(f"functions must come from one module, got {len(modules)} modules")
    (module,) = modules
    path = Path(*module.__name__.split(".")).with_suffix(".py")
    title = f"Excerpt of src/{path.as_posix()}, which uses its imports"
    code = "\n\n\n".join(without_docstring(f) for f in functions)
    return f'``` {{ .python title="{title}" }}\n{code}\n```'
