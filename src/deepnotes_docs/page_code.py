"""The code blocks of the pages, as a reader sees and copies them.

A page shows Python code in three ways: an executed block with a ``source=``
option (a Code tab, or the code above its output), a plain ``python`` fence
(shown, never run by the build), and a ``pycon`` session. Executed blocks
without ``source=`` are the build's own readings of the experiments and are
never shown. Lines marked ``# markdown-exec: hide`` are not shown either.

A shown block is meant to run alone in a fresh interpreter. The exception is a
block whose first line says ``# Continues the code above``: it runs after the
page's earlier shown blocks of the same ``session``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]+)(?P<options>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
OPTION = re.compile(r'(\w+)="([^"]*)"')
HIDDEN = "markdown-exec: hide"
CONTINUES = "# Continues the code above"


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int
    """Line of the opening fence, counted from 1."""
    lang: str
    options: dict[str, str]
    code: str
    """The code as shown: indentation of the fence removed, hidden lines dropped."""

    @property
    def executed(self) -> bool:
        return self.options.get("exec") == "on"

    @property
    def shown(self) -> bool:
        """A reader sees this code on the page."""
        return self.lang == "pycon" or (
            self.lang == "python" and (not self.executed or "source" in self.options)
        )

    @property
    def session(self) -> str | None:
        return self.options.get("session")

    @property
    def continues(self) -> bool:
        return self.code.startswith(CONTINUES)

    @property
    def name(self) -> str:
        return f"{self.page.name}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced code block of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        found.append(
            Block(
                page=page,
                line=text.count("\n", 0, m.start()) + 1,
                lang=m["lang"],
                options=dict(OPTION.findall(m["options"])),
                code=shown_code(m) + "\n",
            )
        )
    return found


def shown_code(fence: re.Match[str]) -> str:
    """The code of a :data:`FENCE` match as a reader sees it: dedented, hidden lines dropped."""
    lines = [line.removeprefix(fence["indent"]) for line in fence["body"].splitlines()]
    return "\n".join(line for line in lines if HIDDEN not in line).strip("\n")


def continued(block: Block, page_blocks: list[Block]) -> list[Block]:
    """The shown blocks that ``block`` runs after: none, or the page's earlier shown
    Python blocks of its session."""
    if not block.continues:
        return []
    earlier = [
        b
        for b in page_blocks[: page_blocks.index(block)]
        if b.shown and b.lang == "python" and b.session == block.session
    ]
    if not earlier:
        raise ValueError(f"{block.name} continues the code above, but nothing above it is shown")
    return earlier


def script(block: Block, page_blocks: list[Block]) -> str:
    """What a reader runs for ``block``: the block, after the code it continues, if any."""
    return "\n\n".join(b.code for b in [*continued(block, page_blocks), block])
