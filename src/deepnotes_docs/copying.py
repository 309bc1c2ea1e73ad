"""Markdown extension: what a reader copies from a code block runs, or says it will not.

- A session (a ``pycon`` block: a chapter's, or an example on an API page) shows prompts,
  outputs and, where an example expects an error, a traceback. Pasted into a script or an
  interpreter, only the statements run. Material copies the ``data-copy`` attribute of a
  code block's container when there is one, so each session gets the statements that
  doctest reads from it, without prompts, outputs or tracebacks.
- An API page's signatures are headings, not code to run: they get no copy button
  (Material skips a block inside ``.no-copy``).
- An API page's folded source code is a function cut out of its module, which it needs
  for its imports: its summary says it is an excerpt.
"""

from __future__ import annotations

import doctest
import html
import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

__all__ = ["EXCERPT", "CopyExtension", "code_of", "makeExtension", "with_copy_text"]

_SESSION = re.compile(
    r'<div class="language-pycon highlight">(?P<inner><pre>.*?<code>(?P<code>.*?)</code></pre>)',
    flags=re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")
_SIGNATURE = 'class="language-python doc-signature highlight"'
_SOURCE = re.compile(r"(<summary>Source code in <code>[^<]*</code>)(</summary>)")
EXCERPT = ", an excerpt of its module (it uses the module's imports)"


def code_of(session: str) -> str:
    """The statements of a session, as a reader pastes them.

    Examples
    --------
    >>> from deepnotes_docs.copying import code_of
    >>> print(code_of(">>> x = 1\\n>>> for i in range(2):\\n...     x += i\\n>>> x\\n2\\n"))
    x = 1
    for i in range(2):
        x += i
    x
    """
    examples = doctest.DocTestParser().get_examples(session)
    return "".join(example.source for example in examples).rstrip("\n")


def with_copy_text(page: str) -> str:
    """Give each session of the HTML ``page`` the code its copy button copies, take the
    copy button off signatures and label source code as an excerpt.

    Examples
    --------
    >>> from deepnotes_docs.copying import with_copy_text
    >>> block = (
    ...     '<div class="language-pycon highlight"><pre><code>'
    ...     '<span class="gp">&gt;&gt;&gt; </span>1 &lt; 2\\nTrue\\n</code></pre></div>'
    ... )
    >>> with_copy_text(block)[:59]
    '<div class="language-pycon highlight" data-copy="1 &lt; 2">'
    """

    def copy_text(session: re.Match[str]) -> str:
        text = html.unescape(_TAG.sub("", session["code"]))
        copied = html.escape(code_of(text), quote=True)
        return f'<div class="language-pycon highlight" data-copy="{copied}">{session["inner"]}'

    page = _SESSION.sub(copy_text, page)
    page = page.replace(_SIGNATURE, _SIGNATURE[:-1] + ' no-copy"')
    return _SOURCE.sub(rf"\1{EXCERPT}\2", page)


class _Copy(Postprocessor):
    def run(self, text: str) -> str:
        return with_copy_text(text)


class CopyExtension(Extension):
    """Make what a reader copies from a code block run, or say that it will not."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After stashed HTML, such as mkdocstrings' output, is restored (30).
        md.postprocessors.register(_Copy(md), "deepnotes-session-copy", 8)


def makeExtension(**kwargs: Any) -> CopyExtension:
    return CopyExtension(**kwargs)
