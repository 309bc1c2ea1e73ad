"""Screenshot built pages in headless Chromium, in the light and the dark scheme.

Usage: python scripts/screenshot.py SITE_DIR OUT_DIR PAGE [PAGE ...]

PAGE is a path inside the site, such as ``initialization/``. The site is served
from a local port for the duration of the run; nothing leaves the machine.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: str, out: str, *pages: str, height: int = 3000) -> None:
    handler = functools.partial(_QuietHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    Path(out).mkdir(parents=True, exist_ok=True)
    preference = {"light": 1, "dark": 0}  # Blink's values for prefers-color-scheme
    try:
        for page in pages:
            for scheme in ("light", "dark"):
                name = page.strip("/").replace("/", "_") or "index"
                target = Path(out, f"{name}-{scheme}.png").resolve()
                with tempfile.TemporaryDirectory() as profile:
                    subprocess.run(
                        [
                            "chromium",
                            *CHROMIUM_FLAGS,
                            f"--user-data-dir={profile}",
                            f"--window-size=1280,{height}",
                            f"--blink-settings=preferredColorScheme={preference[scheme]}",
                            "--force-dark-mode" if scheme == "dark" else "--disable-features=Dummy",
                            f"--screenshot={target}",
                            "--virtual-time-budget=4000",
                            f"http://127.0.0.1:{port}/{page}",
                        ],
                        check=True,
                        capture_output=True,
                        timeout=120,
                    )
                print(target)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
