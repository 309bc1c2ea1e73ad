"""Checks on a built site: what a reader would notice, found before they do.

Usage: python scripts/check_site.py SITE_DIR

Each check returns a list of problems, empty when all is well; the tests call
them one by one, and the command line prints them all, with the page weights.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = [
    "CONDITIONAL_LOADERS",
    "LOADER_CLASSES",
    "broken_links",
    "build_failures",
    "differences",
    "duplicate_ids",
    "figures_without_alt",
    "offhost_loads",
    "page_weight",
    "parse",
    "raw_tex",
]

RESOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
SKIP_TEXT = {"code", "pre", "script", "style", "math", "svg", "kbd", "samp"}

LOADER_CLASSES = {
    # URL in the theme's bundle (Material for MkDocs, or Zensical's): the class of the element
    # that makes the bundle load it. No page may have such an element.
    "unpkg.com/mermaid": "mermaid",
    "unpkg.com/glightbox": "glightbox",
    "unpkg.com/ace-builds": "pyodide",
    "unpkg.com/pyodide": "pyodide",
    "jsdelivr.net/pyodide": "pyodide",
}
CONDITIONAL_LOADERS = {
    # URL in the theme's bundle: what must be absent for it never to load.
    **{url: f"an element with class {name!r}" for url, name in LOADER_CLASSES.items()},
    "unpkg.com/resize-observer-polyfill": "a browser without ResizeObserver",
    "api.github.com": "repo_url in mkdocs.yml",
    "gitlab": "repo_url in mkdocs.yml",
}
CDN = re.compile(
    r"https?://(?:[\w-]+\.)*(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|googleapis\.com"
    r"|gstatic\.com|api\.github\.com|gitlab\.com|polyfill\.io)[^\s\"'`)]*"
)


@dataclass
class Page:
    """What the checks need from one HTML page."""

    path: Path
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """Every ``href`` of ``a`` and ``area`` elements."""
    loads: list[str] = field(default_factory=list)
    """Every URL the browser fetches on its own: scripts, styles, images, fonts."""
    text: list[str] = field(default_factory=list)
    """Visible prose, outside code, math and SVG."""
    figures: list[tuple[str, str]] = field(default_factory=list)
    """(figure id, text alternative) of each SVG or image in a figure."""
    classes: set[str] = field(default_factory=set)
    inline_styles: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skip: list[str] = []
        self.figure: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.append(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.append(a["name"])
        self.page.classes.update(a.get("class", "").split())
        if tag in ("a", "area") and "href" in a:
            self.page.links.append(a["href"])
        for attr in RESOURCE_ATTRS.get(tag, ()):
            if attr == "srcset" and attr in a:  # "url 1x, url 2x"
                self.page.loads += [part.split()[0] for part in a[attr].split(",") if part.strip()]
            elif attr in a:
                self.page.loads.append(a[attr])
        if tag == "link" and LOADING_RELS & set(a.get("rel", "").lower().split()):
            self.page.loads.append(a.get("href", ""))
        if "style" in a:
            self.page.inline_styles.append(a["style"])
        if tag == "figure":
            self.figure.append(a.get("id", "?"))
        # A figure's text alternative: an image's alt, or the aria-label of the element that
        # is the image (the panels of a plotting figure, whose SVGs are hidden from readers).
        if self.figure and "svg" not in self.skip:
            if tag == "img":
                self.page.figures.append((self.figure[-1], a.get("alt", "").strip()))
            elif a.get("role") == "img" or (tag == "svg" and a.get("aria-hidden") != "true"):
                alt = a.get("aria-label", "") if a.get("role") == "img" else ""
                self.page.figures.append((self.figure[-1], alt.strip()))
        if tag == "style":
            self.in_style = True
        if tag in SKIP_TEXT:
            self.skip.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIP_TEXT:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self.figure:
            self.figure.pop()
        if tag == "style":
            self.in_style = False
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.page.inline_styles.append(data)
        elif not self.skip:
            self.page.text.append(data)


def parse(path: Path) -> Page:
    page = Page(path)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Page]:
    return [parse(p) for p in sorted(site.rglob("*.html"))]


def _offhost(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def offhost_loads(site: Path) -> list[str]:
    """Anything a page would fetch from another host: HTML, CSS and JS."""
    problems: list[str] = []
    pages = _pages(site)
    for page in pages:
        for url in page.loads:
            if _offhost(url):
                problems.append(f"{page.path.relative_to(site)} loads {url}")
        for css in page.inline_styles:
            for m in _CSS_URL.finditer(css):
                url = m.group(1) or m.group(2)
                if _offhost(url):
                    problems.append(f"{page.path.relative_to(site)} (inline CSS) loads {url}")
    for css in sorted(site.rglob("*.css")):
        for m in _CSS_URL.finditer(css.read_text(encoding="utf-8")):
            url = m.group(1) or m.group(2)
            if _offhost(url):
                problems.append(f"{css.relative_to(site)} loads {url}")
    classes = set().union(*(p.classes for p in pages)) if pages else set()
    for js in sorted(site.rglob("*.js")):
        for url in set(CDN.findall(js.read_text(encoding="utf-8"))):
            known = [k for k in CONDITIONAL_LOADERS if k in url]
            if not known:
                problems.append(f"{js.relative_to(site)} may load {url}")
            elif (trigger := LOADER_CLASSES.get(known[0])) in classes:
                problems.append(f"{js.relative_to(site)} loads {url}: a page has a .{trigger}")
    return problems


def duplicate_ids(site: Path) -> list[str]:
    """Ids that occur more than once in the same page."""
    problems = []
    for page in _pages(site):
        for id_, count in Counter(page.ids).items():
            if count > 1:
                problems.append(f"{page.path.relative_to(site)}: id {id_!r} occurs {count} times")
    return problems


def _target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and the fragment that an internal URL of ``page`` points to; None if external."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
        return None
    if not parts.path:
        target = page
    elif parts.path.startswith("/"):  # root-relative, as in 404.html
        target = site / unquote(parts.path).lstrip("/")
    else:
        target = page.parent / unquote(parts.path)
    if target.is_dir() or url.endswith("/"):
        target = target / "index.html"
    return target.resolve(), unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Internal links (and loads) whose file, or whose #anchor, does not exist."""
    pages = {p.path.resolve(): p for p in _pages(site)}
    problems = []
    for page in pages.values():
        for url in page.links + page.loads:
            found = _target(site, page.path, url)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                problems.append(f"{page.path.relative_to(site)}: {url} -> no such file")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{page.path.relative_to(site)}: {url} -> no such anchor")
    return problems


BUILD_FAILURES = {
    "&lt;code block: ": "the traceback of a code block that failed to run",
    "```formula": "a formula block left as text",
    'class="arithmatex"': "a formula not converted to MathML",
}
"""What a page shows when a step of the build failed without stopping it."""


def build_failures(site: Path) -> list[str]:
    """Pages that show a failed code block, a raw formula block, or unconverted math."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for mark, what in BUILD_FAILURES.items():
            if mark in html:
                problems.append(f"{path.relative_to(site)}: {what} ({html.count(mark)}x)")
    return problems


_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", flags=re.DOTALL)


def _links(site: Path, page: Page) -> set[str]:
    """Where the links of a page lead, as paths in the site with their fragments.

    The theme's own links (to ids that start with ``__``, like its skip link) are left out.
    """
    found = set()
    for url in page.links:
        if urlsplit(url).fragment.startswith("__"):
            continue
        target = _target(site, page.path, url)
        if target is not None and target[0].is_relative_to(site.resolve()):
            path = target[0].relative_to(site.resolve()).as_posix()
            found.add(f"{path}#{target[1]}" if target[1] else path)
    return found


def differences(site: Path, other: Path, names: tuple[str, str] = ("first", "second")) -> list[str]:
    """What a reader would see differ between two builds of the same sources.

    Page by page: the figures (id and text alternative), the MathML of every
    formula, the formula index's rows, and where the links lead (not how they
    are spelled: one engine writes ``./`` where the other writes nothing).
    ``names`` name the two builds in the messages.
    """
    problems = []
    pages = {p.relative_to(site) for p in site.rglob("*.html")}
    others = {p.relative_to(other) for p in other.rglob("*.html")}
    problems += [f"{p}: only in {names[0]}" for p in sorted(pages - others)]
    problems += [f"{p}: only in {names[1]}" for p in sorted(others - pages)]
    for rel in sorted(pages & others):
        a, b = parse(site / rel), parse(other / rel)
        html_a, html_b = (site / rel).read_text("utf-8"), (other / rel).read_text("utf-8")
        if a.figures != b.figures:
            problems.append(f"{rel}: figures {a.figures} != {b.figures}")
        math_a, math_b = _MATH_ELEMENT.findall(html_a), _MATH_ELEMENT.findall(html_b)
        if math_a != math_b:
            changed = sum(x != y for x, y in zip(math_a, math_b, strict=False))
            problems.append(f"{rel}: {len(math_a)} vs {len(math_b)} formulas, {changed} differ")
        if html_a.count("<tr") != html_b.count("<tr"):
            problems.append(f"{rel}: {html_a.count('<tr')} vs {html_b.count('<tr')} table rows")
        links_a, links_b = _links(site, a), _links(other, b)
        for link in sorted(links_a - links_b):
            problems.append(f"{rel}: links to {link} only in {names[0]}")
        for link in sorted(links_b - links_a):
            problems.append(f"{rel}: links to {link} only in {names[1]}")
    return problems


_TEX = re.compile(r"\\[a-zA-Z]{2,}|\\[()\[\]]|\$\$|\$[^$\s][^$]*\$|\^\{|_\{")


def raw_tex(site: Path) -> list[str]:
    """LaTeX left unconverted in the visible text of a page."""
    problems = []
    for page in _pages(site):
        text = " ".join(page.text)
        for m in _TEX.finditer(text):
            snippet = text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
            problems.append(f"{page.path.relative_to(site)}: {m.group(0)!r} in ...{snippet}...")
    return problems


def figures_without_alt(site: Path) -> list[str]:
    """Figures whose SVG or image has no text alternative."""
    problems = []
    for page in _pages(site):
        for figure_id, alt in page.figures:
            if not alt:
                problems.append(
                    f"{page.path.relative_to(site)}: figure {figure_id} has no alt text"
                )
    return problems


def page_weight(site: Path, page: str, *, compressed: bool = False) -> int:
    """Bytes of one page's HTML (with its inline figures) plus every local file it loads;
    ``compressed``, each of them gzipped, as a static host serves text (what a reader
    downloads, and what Lighthouse counts)."""

    def size(path: Path) -> int:
        if not compressed or path.suffix in (".woff2", ".png", ".jpg", ".zip"):
            return path.stat().st_size
        return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))

    path = site / page
    parsed = parse(path)
    total = size(path)
    seen: set[Path] = set()
    for url in parsed.loads:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        base = site if parts.path.startswith("/") else path.parent  # 404.html uses /paths
        target = (base / unquote(parts.path).lstrip("/")).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            total += size(target)
            if target.suffix == ".css":
                for m in _CSS_URL.finditer(target.read_text(encoding="utf-8")):
                    font = (target.parent / (m.group(1) or m.group(2) or "")).resolve()
                    if font.is_file() and font not in seen and not _offhost(m.group(1) or ""):
                        seen.add(font)
                        total += size(font)
    return total


def main(site_dir: str) -> int:
    site = Path(site_dir)
    failed = False
    checks = (offhost_loads, duplicate_ids, broken_links, raw_tex, figures_without_alt)
    for check in (*checks, build_failures):
        problems = check(site)
        print(f"{check.__name__}: {len(problems)} problem(s)")
        for problem in problems:
            print("  ", problem)
        failed |= bool(problems)
    print("page weights (HTML + the local files it loads):")
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site)
        print(
            f"  {page_weight(site, str(rel)) / 1e6:6.2f} MB"
            f"  {page.stat().st_size / 1e3:7.1f} kB HTML  {rel}"
        )
    return int(failed)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
