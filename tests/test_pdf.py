"""The PDF edition (scripts/pdf.py), read back with pypdf as a reader's PDF viewer reads it."""

from __future__ import annotations

import html
import io
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import browser
import pdf
from deepnotes_docs import page_code

pypdf = pytest.importorskip("pypdf")
pdfplumber = pytest.importorskip("pdfplumber")

ROOT = Path(__file__).resolve().parents[1]
NAMES = [Path(chapter).stem for chapter in pdf.CHAPTERS]
NAV_ENTRY = re.compile(r"^\s+- (\d\. [^:]+): ([\w-]+)\.md$", re.MULTILINE)
MATH = re.compile(r"<math\b.*?</math>", re.DOTALL)
NOT_DRAWN = re.compile(r"[\s\u2061-\u2064\ufe00-\ufe0f]")
"""Invisible operators, variation selectors and spaces: in MathML, but never drawn."""


def _print(site: Path, tmp: Path, copies: tuple[Path, ...] = ()) -> Path:
    browser.executable()
    printed = tmp / "site"
    shutil.copytree(site, printed)
    copied = [shutil.copytree(copy, tmp / f"copy-{i}") for i, copy in enumerate(copies)]
    pdf.main(printed, copied)
    return tmp


@pytest.fixture(scope="module")
def printed(site, offline_site, tmp_path_factory) -> Path:
    """A copy of the built site with its PDFs printed (``site``), and a copy of the offline
    copy that received them (``copy-0``)."""
    return _print(site, tmp_path_factory.mktemp("printed"), (offline_site,))


def reader(printed: Path, name: str):
    return pypdf.PdfReader(printed / "site" / "pdf" / name)


def text(document) -> str:
    return "\n".join(p.extract_text() for p in document.pages)


def squeezed(text: str) -> str:
    """``text`` without whitespace: a printed line may wrap, or be cut into runs."""
    return re.sub(r"\s+", "", text)


def outline(document) -> list[tuple[int, str, int]]:
    """Every outline entry as (depth, title, page counted from 1), in order."""

    def entries(item, depth: int):
        if isinstance(item, list):
            return [entry for child in item for entry in entries(child, depth + 1)]
        return [(depth, item.title, document.get_destination_page_number(item) + 1)]

    return [entry for item in document.outline for entry in entries(item, 0)]


def test_the_book_has_every_chapter_in_its_outline_in_nav_order_and_in_its_text(printed):
    book = reader(printed, pdf.BOOK_PDF)
    nav = NAV_ENTRY.findall((ROOT / "mkdocs.yml").read_text())
    assert [name for _, name in nav] == NAMES
    titles = [title for depth, title, _ in outline(book) if depth == 0]
    assert titles[2:-1] == [title for title, _ in nav]
    assert titles[0] == "Improving Deep Neural Networks: executable notes"
    assert titles[1] == "Contents" and titles[-1] == "Formula index"
    body = text(book)
    for title, _ in nav:
        assert title in body


def test_each_chapter_pdf_has_its_chapter_alone(printed):
    nav = dict(
        (name, title) for title, name in NAV_ENTRY.findall((ROOT / "mkdocs.yml").read_text())
    )
    for name in NAMES:
        document = reader(printed, f"{name}.pdf")
        top = [title for depth, title, _ in outline(document) if depth == 0]
        assert top == [nav[name]], name
        assert outline(document)[0][2] == 1  # no blank page before the chapter


def test_the_contents_give_the_page_each_section_starts_on(printed):
    """The contents list, in order, each chapter and section with the page number that the
    outline gives it (Chromium makes the outline from the headings where it laid them out)."""
    book = reader(printed, pdf.BOOK_PDF)
    headings = [(title, page) for depth, title, page in outline(book) if depth <= 1]
    assert [title for title, _ in headings[:2]] == [headings[0][0], "Contents"]
    first_chapter = headings[2][1]
    lines = "\n".join(book.pages[i].extract_text() for i in range(1, first_chapter - 1))
    entries = [(t, int(n)) for t, n in re.findall(r"^(.+?) (\d+)$", lines, re.MULTILINE)]
    assert len(entries) > 60
    assert entries == headings[2:]


def placed_words(pdf_bytes: bytes) -> list[tuple[int, str, float, float]]:
    """Every word of a PDF as (page, text, left, top), in points rounded to 0.1."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        return [
            (sheet.page_number, w["text"], round(w["x0"], 1), round(w["top"], 1))
            for sheet in document.pages
            for w in sheet.extract_words()
        ]


def test_a_chapter_prints_as_its_page_prints_from_the_browser(printed):
    """Every word of a chapter's PDF is where Chromium puts it when it prints the page
    itself, on the same page: the book machinery loses no style. Only the title differs:
    the PDF numbers it as the navigation does."""
    site = printed / "site"
    with pdf.printer(site) as to_pdf:
        direct = placed_words(to_pdf(site / "optimization" / "index.html"))
    chapter = placed_words((site / "pdf" / "optimization.pdf").read_bytes())
    title = chapter[0][3]
    assert [w[1] for w in chapter if w[3] == title] == ["5.", "Optimization", "algorithms"]
    assert len(direct) > 3000
    assert [w for w in chapter if w[3] != title] == [w for w in direct if w[3] != title]


def test_every_formula_is_printed_in_the_math_font(printed):
    """Every character of every formula of a chapter is drawn, in STIX Two Math, and the
    font is embedded (letters compared in their plain form: MathML draws x as 𝑥)."""
    for name in NAMES:
        page = (printed / "site" / name / "index.html").read_text()
        needed = Counter()
        for formula in MATH.findall(re.sub(r"<annotation\b.*?</annotation>", "", page)):
            plain = html.unescape(re.sub(r"<[^>]+>", "", formula))
            needed.update(NOT_DRAWN.sub("", unicodedata.normalize("NFKC", plain)))
        drawn = Counter()

        def visit(run, cm, tm, font, size, drawn=drawn):
            if font is not None and "STIXTwoMath" in str(font.get("/BaseFont", "")):
                drawn.update(unicodedata.normalize("NFKC", run))

        document = reader(printed, f"{name}.pdf")
        for sheet in document.pages:
            sheet.extract_text(visitor_text=visit)
        assert sum(needed.values()) > 100, name
        assert needed - drawn == Counter(), name
        assert "STIXTwoMath" in " ".join(fonts(document)), name


def fonts(document) -> dict[str, bool]:
    """Each font of ``document`` and whether its file is embedded."""
    found = {}
    for sheet in document.pages:
        for ref in sheet.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor", {})
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_every_font_is_embedded(printed):
    for name in [pdf.BOOK_PDF, *(f"{n}.pdf" for n in NAMES)]:
        found = fonts(reader(printed, name))
        assert found and all(found.values()), (name, found)


def test_code_tabs_are_not_printed_and_sessions_are(printed):
    """No line that only the figures' Code tabs have is in the book; the longest line of each
    chapter's first other code block, which prints, is: the same search finds printed code."""
    body = squeezed(text(reader(printed, pdf.BOOK_PDF)))
    sources = [ROOT / "docs" / f"{name}.md" for name in NAMES]
    blocks = {source: page_code.blocks(source) for source in sources}
    tabs = [
        b for found in blocks.values() for b in found if b.options.get("source") == "tabbed-right"
    ]
    rest = "\n".join(source.read_text() for source in sources)
    for block in tabs:
        rest = rest.replace(block.code.strip(), "")
    # the pages also show excerpts of the package and the exercises' solutions
    rest += "\n".join(path.read_text() for path in (ROOT / "src").rglob("*.py"))
    rest = squeezed(rest)
    only_in_tabs = {
        line.strip()
        for block in tabs
        for line in block.code.splitlines()
        if len(line.strip()) >= 30 and squeezed(line) not in rest
    }
    assert len(only_in_tabs) > 100
    assert [line for line in only_in_tabs if squeezed(line) in body] == []
    for found in blocks.values():
        first = next(b for b in found if b.shown and b.options.get("source") != "tabbed-right")
        line = max(first.code.splitlines(), key=len)
        assert squeezed(line) in body, (first.name, line)


def test_every_tab_of_a_set_without_a_figure_prints_under_its_label(printed):
    """The same program in three frameworks: all three print, each under its label."""
    document = reader(printed, "frameworks.pdf")
    body = squeezed(text(document))
    labels = ["TensorFlow", "PyTorch", "deepnotes", "TensorFlow (Keras)"]
    for label in labels:
        assert re.search(rf"^{re.escape(label)}$", text(document), re.MULTILINE), label
    tabs = [b for b in page_code.blocks(ROOT / "docs" / "frameworks.md") if b.options == {}]
    assert len(tabs) >= 6
    for block in tabs:
        line = max(block.code.splitlines(), key=len)
        assert squeezed(line) in body, (block.name, line)


def _kids(node) -> list:
    kids = node.get("/K")
    kids = [] if kids is None else kids if isinstance(kids, list) else [kids]
    return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in kids]


def _elements(node):
    """``node`` and every tagged element under it."""
    if isinstance(node, dict) and "/S" in node:
        yield node
    for kid in _kids(node) if isinstance(node, dict) else []:
        yield from _elements(kid)


def _drawn_on(node, pages: dict[int, int], page: int | None = None) -> set[int]:
    """The pages that the content of a tagged element is drawn on."""
    if isinstance(node, int):  # marked content on the page of the nearest element
        return {page}
    if not isinstance(node, dict):
        return set()
    if "/Pg" in node:
        page = pages[node.raw_get("/Pg").idnum]
    if node.get("/Type") == "/MCR":
        return {page}
    return set().union(*(_drawn_on(kid, pages, page) for kid in _kids(node)))


def test_no_figure_is_split_from_its_caption(printed):
    """Every tagged figure that holds a caption is drawn on one page, caption included."""
    for name in [pdf.BOOK_PDF, *(f"{n}.pdf" for n in NAMES)]:
        document = reader(printed, name)
        pages = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(document.pages)}
        tree = document.trailer["/Root"]["/StructTreeRoot"]
        captioned = [
            figure
            for figure in _elements(tree)
            if figure["/S"] == "/Figure" and any(e["/S"] == "/Caption" for e in _elements(figure))
        ]
        spread = [_drawn_on(figure, pages) - {None} for figure in captioned]
        drawn = sum(
            (printed / "site" / chapter / "index.html").read_text().count('class="dn-figure"')
            for chapter in (NAMES if name == pdf.BOOK_PDF else [name.removesuffix(".pdf")])
        )
        assert len(captioned) >= drawn > 0, name
        assert [on for on in spread if len(on) != 1] == [], name


def test_the_pdf_is_tagged_in_english_with_balanced_margins(printed):
    """Left and right, the text comes to the page's margin of 17 mm (48.2 pt), no nearer."""
    document = reader(printed, "optimization.pdf")
    root = document.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en"
    with pdfplumber.open(printed / "site" / "pdf" / "optimization.pdf") as plumbed:
        left = min(c["x0"] for p in plumbed.pages for c in p.chars if c["text"].strip())
        right = min(p.width - c["x1"] for p in plumbed.pages for c in p.chars if c["text"].strip())
    assert 46.5 < left < 50 and 46.5 < right < 50, (left, right)


def test_two_prints_of_the_same_site_give_the_same_bytes(printed):
    site = printed / "site"
    chapters = pdf.chapters(site)
    with pdf.printer(site) as to_pdf:
        again = pdf.print_document(to_pdf, site, chapters, whole=True)
    assert again == (site / "pdf" / pdf.BOOK_PDF).read_bytes()


def test_each_chapter_links_its_pdf_beside_its_notebook_in_both_copies(printed):
    for folder, suffix in (("site", "/index.html"), ("copy-0", ".html")):
        for name in NAMES:
            page_file = printed / folder / f"{name}{suffix}"
            if not page_file.exists():
                page_file = printed / folder / name / "index.html"
            page = page_file.read_text()
            button = re.search(rf'<a class="md-button" download="{name}.pdf" href="([^"]+)"', page)
            assert button, (folder, name)
            assert (page_file.parent / button[1]).resolve().is_file(), (folder, name)
            notebook = page.index(f'download="{name}.ipynb"')
            assert 0 < button.start() - notebook < 300, (folder, name)


def words(document) -> set[str]:
    """The words of ``document``. Neither their order nor their count: a theme that sets
    type larger breaks pages elsewhere, so a table repeats its header elsewhere and a
    formula's pieces come out of the PDF in another order."""
    return set(re.findall(r"[A-Za-z]+", text(document).replace("-", "")))


def test_a_site_built_by_zensical_prints_the_same_book(printed, zensical_site, tmp_path):
    """The same outline and the same words; Zensical's theme sets type a little larger."""
    folder, _ = zensical_site
    other = _print(folder, tmp_path)
    mkdocs, zensical = reader(printed, pdf.BOOK_PDF), reader(other, pdf.BOOK_PDF)
    assert [entry[:2] for entry in outline(zensical)] == [entry[:2] for entry in outline(mkdocs)]
    assert len(words(mkdocs)) > 1500 and words(zensical) == words(mkdocs)
    assert 0.9 < len(zensical.pages) / len(mkdocs.pages) < 1.15
    page = (other / "site" / "optimization" / "index.html").read_text()
    assert 'download="optimization.pdf" href="../pdf/optimization.pdf"' in page
