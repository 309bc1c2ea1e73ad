"""Screenshot built pages in headless Chromium, in the light and the dark scheme.

Usage: python scripts/screenshot.py SITE_DIR OUT_DIR PAGE [PAGE ...] [--width PX]

PAGE is a path inside the site, such as ``initialization/``. ``--width 375``
shows a page as a phone would. The site is served from a local port for the
duration of the run; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import chromium
from local_server import serve

CHROMIUM_FLAGS = [
    "--headless",
    *chromium.FLAGS,
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


def main(site: str, out: str, pages: list[str], width: int = 1280, height: int = 3000) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    preference = {"light": 1, "dark": 0}  # Blink's values for prefers-color-scheme
    with serve(site) as base:
        for page in pages:
            for scheme in ("light", "dark"):
                name = page.strip("/").replace("/", "_") or "index"
                target = Path(out, f"{name}-{width}-{scheme}.png").resolve()
                with tempfile.TemporaryDirectory() as profile:
                    subprocess.run(
                        [
                            chromium.require(),
                            *CHROMIUM_FLAGS,
                            f"--user-data-dir={profile}",
                            f"--window-size={width},{height}",
                            f"--blink-settings=preferredColorScheme={preference[scheme]}",
                            "--force-dark-mode" if scheme == "dark" else "--disable-features=Dummy",
                            f"--screenshot={target}",
                            "--virtual-time-budget=4000",
                            f"{base}/{page}",
                        ],
                        check=True,
                        capture_output=True,
                        timeout=120,
                    )
                print(target)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("out")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=3000)
    args = parser.parse_args()
    main(args.site, args.out, args.pages, width=args.width, height=args.height)
