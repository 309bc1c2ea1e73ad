"""The PDF edition: the whole book and each chapter, printed by the system Chromium.

Usage: python scripts/pdf.py SITE_DIR [--copy-to OTHER_SITE_DIR ...]

SITE_DIR is a built site, by MkDocs or by Zensical, or its offline copy. The command writes
``SITE_DIR/pdf/deepnotes.pdf``, the book, and ``SITE_DIR/pdf/<chapter>.pdf``, each chapter
alone, and puts a "Download this chapter as a PDF" button beside each chapter's notebook
button (under its title where there is none). ``--copy-to`` puts the same PDFs and buttons
into another build of the site (the offline copy) without printing again.

The book is a page that this command writes next to the chapters and removes once printed:
a title page, the contents with page numbers, the nine chapters in the order of the
navigation and the formula index, every id made unique (``optimization--momentum``) and
every link between them a link inside the document. A link to a page that the document
does not hold points at the published site (its canonical address) or, with no address
known, becomes plain text.

Chromium prints the pages as on paper, by the print rules of ``docs/stylesheets/extra.css``:
figures without their Code tabs, no buttons, balanced margins. It adds the page numbers,
makes each PDF's outline from the headings, tags it for accessibility and embeds the fonts
it uses, the math font included. Playwright drives the system Chromium; nothing is
downloaded. Two prints of the same site give the same bytes: Chromium's time stamps are
fixed and its numbering of table-header ids is made consecutive (see :func:`stable`).
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import chromium
from deepnotes_docs.notebooks import CHAPTERS
from local_server import serve

FOLDER = "pdf"
BOOK_PDF = "deepnotes.pdf"
FORMULAS = "formulas"
PRINT_SUFFIX = ".print.html"
"""The print sources sit beside the chapters, so that the chapters' relative addresses hold."""
MARGIN = {"top": "18mm", "bottom": "20mm", "left": "17mm", "right": "17mm"}
FOOTER = (
    '<div style="width: 100%; font-size: 8pt; text-align: center; color: #555;">'
    '<span class="pageNumber"></span></div>'
)
FIXED_DATE = b"D:20000101000000+00'00'"
"""What replaces the print time in a PDF's ``/CreationDate`` and ``/ModDate``."""

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_HEAD = re.compile(r"<head>.*?</head>", re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_BODY = re.compile(r"<body\b([^>]*)>")
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_ID = re.compile(r'\b(id|for)="([^"]+)"')
_LOCAL_REF = re.compile(r'(href="#|url\(#|aria-labelledby=")([^")]+)')
_HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"#][^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_BUTTONS = re.compile(r'<p><a class="md-button" download="[^"]+"[^>]*>.*?</a>\s*</p>', re.DOTALL)
_NOTEBOOK = re.compile(r'<a class="md-button" download="[^"]+\.ipynb"[^>]*>.*?</a>', re.DOTALL)
_H1 = re.compile(r"(<h1\b[^>]*>)(.*?)((?:<a class=\"headerlink\"[^>]*>.*?</a>)?</h1>)", re.DOTALL)
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="headerlink"[^>]*>.*?</a>)?</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


@dataclass(frozen=True)
class Page:
    """A page of a built site: its name (``optimization``) and its HTML file."""

    name: str
    path: Path

    @property
    def html(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def article(self) -> str:
        found = _ARTICLE.search(self.html)
        if found is None:
            raise ValueError(f"{self.path}: no article")
        return found[1]

    @property
    def title(self) -> str:
        """Its title in the navigation (``5. Optimization algorithms``)."""
        return _text(_TITLE.search(self.html)[1]).split(" - ")[0]


def page(site: Path, name: str) -> Page:
    """The page ``name`` of ``site``: ``name/index.html``, or ``name.html`` in the offline copy."""
    for path in (site / name / "index.html", site / f"{name}.html"):
        if path.is_file():
            return Page(name, path)
    raise FileNotFoundError(f"{site} has no page {name!r}: build the site first")


def chapters(site: Path) -> list[Page]:
    """The nine chapters, in the order of the navigation."""
    return [page(site, Path(chapter).stem) for chapter in CHAPTERS]


def _target(href: str, source: Page, site: Path) -> tuple[str | None, str]:
    """The page name and fragment that the relative link ``href`` of ``source`` points at."""
    url = urlsplit(urljoin(source.path.relative_to(site).as_posix(), href))
    path = url.path.removesuffix("index.html").removesuffix(".html").strip("/")
    return (path or None), url.fragment


def _article(source: Page, site: Path, inside: set[str], base: str | None) -> str:
    """The article of ``source`` for a document that holds the pages ``inside``: its title as
    in the navigation, no download buttons, folded blocks open (as Material opens them for
    print), ids prefixed with the page's name, links to those
    pages made links inside the document, other links to the site made absolute (``base``) or
    plain text."""
    text = _BUTTONS.sub("", source.article).replace("<details ", "<details open ")
    text = _H1.sub(lambda m: f"{m[1]}{html.escape(source.title)}{m[3]}", text, count=1)
    text = _ID.sub(lambda m: f'{m[1]}="{source.name}--{m[2]}"', text)
    text = _LOCAL_REF.sub(lambda m: f"{m[1]}{source.name}--{m[2]}", text)

    def link(m: re.Match[str]) -> str:
        before, href, after, label = m.groups()
        if href.startswith(("http:", "https:", "mailto:")):
            return m[0]
        name, fragment = _target(href, source, site)
        if name in inside:
            anchor = f"{name}--{fragment}" if fragment else name
            return f'<a{before}href="#{anchor}"{after}>{label}</a>'
        if base is not None:  # marked, so that print does not spell out the site's own links
            return f'<a data-dn-site{before}href="{urljoin(base, href)}"{after}>{label}</a>'
        return f"<span>{label}</span>"

    return _HREF.sub(link, text)


def _entry(anchor: str, title: str, numbers: dict[str, int]) -> str:
    number = numbers.get(anchor, "")
    return (
        f'<a href="#{anchor}"><span>{html.escape(title)}</span>'
        f'<span class="dn-book__leader"></span><span>{number}</span></a>'
    )


def _contents(parts: list[Page], numbers: dict[str, int]) -> str:
    """The contents: each page with its sections, as links inside the document, with the
    page numbers in ``numbers`` (empty on the first print)."""
    items = []
    for part in parts:
        sections = "".join(
            f"<li>{_entry(f'{part.name}--{anchor}', _text(heading), numbers)}</li>"
            for anchor, heading in _H2.findall(part.article)
        )
        items.append(f"<li>{_entry(part.name, part.title, numbers)}<ol>{sections}</ol></li>")
    return f'<nav class="dn-book__contents"><h1>Contents</h1><ol>{"".join(items)}</ol></nav>'


def contents_anchors(parts: list[Page]) -> list[str]:
    """The anchors that the contents of a book of ``parts`` link to, in order."""
    return [
        anchor
        for part in parts
        for anchor in (part.name, *(f"{part.name}--{a}" for a, _ in _H2.findall(part.article)))
    ]


def book(site: Path, pages: list[Page], *, whole: bool, numbers: dict[str, int]) -> str:
    """The HTML of a printable document of ``pages``. ``whole`` makes it the book: a title
    page, the contents (with the page numbers in ``numbers``) and the formula index."""
    first = pages[0].html
    canonical = _CANONICAL.search(first)
    base = urljoin(canonical[1], "..") if canonical else None
    parts = [*pages, page(site, FORMULAS)] if whole else pages
    inside = {p.name for p in parts}
    body = [
        f'<section class="dn-book__chapter" id="{part.name}">'
        f"{_article(part, site, inside, base)}</section>"
        for part in parts
    ]
    name = site_name(pages[0])
    if whole:
        description = _DESCRIPTION.search(first)
        address = f'<p class="dn-book__address">{html.escape(base)}</p>' if base else ""
        body = [
            f'<section class="dn-book__title"><h1>{html.escape(name)}</h1>'
            f"<p>{description[1] if description else ''}</p>{address}</section>",
            _contents(parts, numbers),
            *body,
        ]
    title = name if whole else f"{pages[0].title} - {name}"
    head = _TITLE.sub(f"<title>{html.escape(title)}</title>", _HEAD.search(first)[0])
    return (
        f'<!doctype html>\n<html lang="en" class="no-js">{head}'
        f'<body{_BODY.search(first)[1]} class="dn-book">'
        '<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
        '<div class="md-content"><article class="md-content__inner md-typeset">'
        f"{''.join(body)}</article></div></div></main></div></body></html>\n"
    )


def site_name(chapter: Page) -> str:
    """The site's name, from a chapter's ``<title>`` (``5. Optimization algorithms - NAME``)."""
    return _text(_TITLE.search(chapter.html)[1]).split(" - ", 1)[1]


def stable(pdf: bytes) -> bytes:
    """``pdf`` with what changes from one print to the next made fixed: the creation and
    modification dates become :data:`FIXED_DATE`, and the ids that Chromium gives table
    headers (its DOM node numbers, ``(node00000319)``, which vary between runs) are numbered
    0, 1, 2, ... in their own order, so the tree of ids stays sorted."""
    pdf = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 (" + FIXED_DATE + rb")", pdf)
    rank = {n: b"%08d" % i for i, n in enumerate(sorted(set(_NODE_ID.findall(pdf))))}
    return _NODE_ID.sub(lambda m: b"(node" + rank[m[1]] + b")", pdf)


def destinations(pdf: bytes) -> dict[str, int]:
    """The named destinations of ``pdf`` (the ids that its links point at) and their pages,
    counted from 1."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {
        name.lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


@contextmanager
def printer(site: Path) -> Iterator[Callable[[Path], bytes]]:
    """A function that prints an HTML file of ``site``, served locally, to PDF bytes."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.require(), args=chromium.FLAGS)
        tab = browser.new_page(color_scheme="light", viewport={"width": 1280, "height": 900})

        def to_pdf(source: Path) -> bytes:
            tab.goto(f"{base}/{source.relative_to(site).as_posix()}", wait_until="networkidle")
            tab.evaluate("document.fonts.ready.then(() => true)")
            tab.emulate_media(media="print")
            pdf = tab.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin=MARGIN,
                outline=True,
                tagged=True,
            )
            return stable(pdf)

        try:
            yield to_pdf
        finally:
            browser.close()


def print_document(
    to_pdf: Callable[[Path], bytes], site: Path, pages: list[Page], *, whole: bool
) -> bytes:
    """Print a document of ``pages``; the book is printed again until its contents show the
    pages its sections start on (twice, unless the numbers move the text)."""
    source = pages[0].path.with_name(f"{'book' if whole else pages[0].name}{PRINT_SUFFIX}")
    anchors = contents_anchors([*pages, page(site, FORMULAS)]) if whole else []
    numbers: dict[str, int] = {}
    try:
        for _ in range(4):
            source.write_text(book(site, pages, whole=whole, numbers=numbers), encoding="utf-8")
            pdf = to_pdf(source)
            found = destinations(pdf)
            settled = {anchor: found[anchor] for anchor in anchors}
            if settled == numbers:
                return pdf
            numbers = settled
    finally:
        source.unlink(missing_ok=True)
    raise RuntimeError("the page numbers of the contents did not settle")


def link_pdfs(site: Path) -> None:
    """Put a "Download this chapter as a PDF" button beside each chapter's notebook button,
    or under its title where it has none."""
    for chapter in chapters(site):
        text = chapter.html
        name = f"{chapter.name}.pdf"
        if f'download="{name}"' in text:
            continue  # linked already
        href = os.path.relpath(site / FOLDER / name, chapter.path.parent).replace(os.sep, "/")
        button = (
            f'<a class="md-button" download="{name}" href="{href}">'
            "Download this chapter as a PDF</a>"
        )
        if notebook := _NOTEBOOK.search(text):
            text = f"{text[: notebook.end()]} {button}{text[notebook.end() :]}"
        else:
            title = _H1.search(text)
            text = f"{text[: title.end()]}\n<p>{button}</p>{text[title.end() :]}"
        chapter.path.write_text(text, encoding="utf-8")


def main(site: Path, copies: list[Path]) -> None:
    out = site / FOLDER
    out.mkdir(exist_ok=True)
    pages = chapters(site)
    documents = {BOOK_PDF: (pages, True)} | {f"{p.name}.pdf": ([p], False) for p in pages}
    with printer(site) as to_pdf:
        for name, (parts, whole) in documents.items():
            start = time.perf_counter()
            (out / name).write_bytes(print_document(to_pdf, site, parts, whole=whole))
            size = (out / name).stat().st_size
            print(f"{FOLDER}/{name}: {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
    link_pdfs(site)
    for copy in copies:
        shutil.copytree(out, copy / FOLDER, dirs_exist_ok=True)
        link_pdfs(copy)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--copy-to", type=Path, action="append", default=[])
    args = parser.parse_args()
    main(args.site, args.copy_to)
