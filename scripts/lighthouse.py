"""Lighthouse on the built site, in a system Chromium; results go to benchmarks/lighthouse.json.

Usage: python scripts/lighthouse.py [--site DIR]

Builds the site (``mkdocs build --strict``) unless ``--site`` names a built one,
serves it from a local port with gzip, as a static host would, and runs
Lighthouse 12 (``npm ci --prefix benchmarks/lighthouse``) one page at a time:

- the desktop preset on every page;
- the mobile preset (a mid-range phone, 4x CPU slowdown, slow 4G, both
  simulated) on every chapter, the pages listed under "Chapters" in
  ``mkdocs.yml``.

Each run records the four category scores, the metrics behind the performance
score, the bytes of the first view (everything the page loads, gzipped, search
index included) and the number of DOM elements. The targets are checked
against the results and written beside them; the Performance page renders the
file. A page under its performance target is run twice more and keeps the
median of its three runs. Runs are serial: parallel runs would slow each other
down and lower the scores. The whole run takes 20 to 30 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import chromium
from local_server import serve

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "lighthouse.json"
LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_FLAGS = " ".join(["--headless", *chromium.FLAGS])
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "speed_index_ms",
}
TARGETS = {
    "desktop_performance_min": 95,
    "mobile_performance_min_chapters": 90,
    "desktop_cls_max": 0,
    "first_view_kib_max": 400,
    "accessibility_min": 100,
}


def audit(url: str, preset: str, browser: str) -> dict:
    """One Lighthouse run; the numbers this benchmark keeps."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": browser})
        result = json.loads(report.read_text())
    audits = result["audits"]
    return {
        "scores": {c: round(100 * result["categories"][c]["score"]) for c in CATEGORIES},
        **{key: round(audits[name]["numericValue"], 3) for name, key in METRICS.items()},
        "first_view_kib": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "dom_elements": int(audits["dom-size"]["numericValue"]),
        "failed_accessibility_audits": sorted(
            ref["id"]
            for ref in result["categories"]["accessibility"]["auditRefs"]
            if audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
        ),
    }


def steady(url: str, preset: str, browser: str, target: float) -> dict:
    """One run, or, when its performance is under ``target``, the median of three.

    Scores move by a few points from run to run on a shared machine; a page is
    not judged on one unlucky run.
    """
    runs = [audit(url, preset, browser)]
    if runs[0]["scores"]["performance"] < target:
        runs += [audit(url, preset, browser) for _ in range(2)]
        runs.sort(key=lambda run: run["scores"]["performance"])
    return {**runs[len(runs) // 2], "runs": len(runs)}


def verdicts(desktop: dict, mobile: dict) -> dict:
    runs = [*desktop.values(), *mobile.values()]
    return {
        "desktop_performance_min": min(r["scores"]["performance"] for r in desktop.values()),
        "mobile_performance_min_chapters": min(r["scores"]["performance"] for r in mobile.values()),
        "desktop_cls_max": max(r["cls"] for r in desktop.values()),
        "first_view_kib_max": max(r["first_view_kib"] for r in desktop.values()),
        "accessibility_min": min(r["scores"]["accessibility"] for r in runs),
    }


def met(key: str, value: float) -> bool:
    """A ``_max`` target is a ceiling, any other a floor."""
    return value <= TARGETS[key] if key.endswith("_max") else value >= TARGETS[key]


def chapters() -> list[str]:
    """The chapters' paths in the site, in the order of the navigation in ``mkdocs.yml``."""
    config = (ROOT / "mkdocs.yml").read_text()
    section = config.split("  - Chapters:\n", 1)[1].split("\n  - ", 1)[0]
    return [f"{name}/" for name in re.findall(r":\s*([\w-]+)\.md", section)]


def main(site: Path | None) -> None:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix benchmarks/lighthouse")
    browser = chromium.require()
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                cwd=ROOT,
                check=True,
            )
        pages = sorted(
            p.relative_to(site).parent.as_posix() + "/"
            for p in site.rglob("index.html")
            if "assets" not in p.parts
        )
        pages = ["" if p == "./" else p for p in pages]
        desktop, mobile = {}, {}
        with serve(site, gzip=True) as base:
            for page in pages:
                desktop[page] = steady(
                    f"{base}/{page}", "desktop", browser, TARGETS["desktop_performance_min"]
                )
                print(f"desktop /{page}: {desktop[page]['scores']}", flush=True)
            for page in chapters():
                mobile[page] = steady(
                    f"{base}/{page}", "mobile", browser, TARGETS["mobile_performance_min_chapters"]
                )
                print(f"mobile /{page}: {mobile[page]['scores']}", flush=True)
    measured = verdicts(desktop, mobile)
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    chromium_version = subprocess.run(
        [browser, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    OUT.write_text(
        json.dumps(
            {
                "lighthouse": version,
                "chromium": chromium_version,
                "machine": {"cores": os.cpu_count(), "system": platform.system()},
                "targets": TARGETS,
                "measured": measured,
                "met": {key: met(key, measured[key]) for key in TARGETS},
                "desktop": desktop,
                "mobile": mobile,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {OUT.relative_to(ROOT)}: {measured}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    main(args.site)
