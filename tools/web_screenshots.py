"""Screenshots of the web workbench for the README (docs/web-*.png), from the sample.

    python tools/web_screenshots.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from playwright.sync_api import sync_playwright
    from waitress import create_server

    from generator.web.app import create_app
    from generator.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "某市工信局"
        shutil.copytree(ROOT / "inputs", ws / "inputs")
        srv = create_server(create_app(Workspace(ws)), host="127.0.0.1", port=0)
        threading.Thread(target=srv.run, daemon=True).start()
        url = f"http://127.0.0.1:{srv.effective_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url + "/")
            page.screenshot(path=str(ROOT / "docs" / "web-workspace.png"))
            page.goto(url + "/build")
            page.click("#build-button")
            page.wait_for_selector("#build-state[data-state=done]", timeout=600_000)
            time.sleep(0.2)
            page.screenshot(path=str(ROOT / "docs" / "web-build.png"))
            page.goto(url + "/status?as_of=2025-12-01")
            page.screenshot(path=str(ROOT / "docs" / "web-status.png"))
            browser.close()


if __name__ == "__main__":
    main()
