"""Screenshots of the web workbench for the README (docs/web-*.png), from the sample,
at the 1366×768 of an office screen.

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

    from generator.web import store
    from generator.web.app import create_app
    from generator.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "某市工信局"
        shutil.copytree(ROOT / "inputs", ws / "inputs")
        engine = store.open_store(store.database_url(ws))
        store.add_user(engine, "bgs", "sample password", department=None, clerk=True)
        for name, dept in (("aqsc", "安全生产科"), ("mbk", "民爆行业管理科"), ("zbk", "装备工业科")):
            store.add_user(engine, name, "sample password", department=dept, clerk=False)
        srv = create_server(create_app(Workspace(ws)), host="127.0.0.1", port=0, threads=8)
        threading.Thread(target=srv.run, daemon=True).start()
        url = f"http://127.0.0.1:{srv.effective_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url + "/")
            page.screenshot(path=str(ROOT / "docs" / "web-workspace.png"))
            page.goto(url + "/build")
            page.fill("input[name=year]", "2025")
            page.click("#build-button")
            page.wait_for_selector("#build-state[data-state=done]", timeout=600_000)
            page.locator("section.kind").first.scroll_into_view_if_needed()
            page.wait_for_function("[...document.querySelectorAll('img.thumb')].slice(0, 8)"
                                   ".every(i => i.complete && i.naturalWidth > 0)", timeout=600_000)
            page.evaluate("window.scrollTo(0, document.querySelector('h2').offsetTop - 10)")
            time.sleep(0.3)
            page.screenshot(path=str(ROOT / "docs" / "web-build.png"))
            page.goto(url + "/status?as_of=2025-12-01#overview")
            page.wait_for_function("[...document.querySelectorAll('img.chart')].every(i => i.complete)",
                                   timeout=120_000)
            page.evaluate("document.getElementById('overview').scrollIntoView()")
            time.sleep(0.3)
            page.screenshot(path=str(ROOT / "docs" / "web-status.png"))
            page.goto(url + "/admin")
            page.screenshot(path=str(ROOT / "docs" / "web-admin.png"))
            browser.close()


if __name__ == "__main__":
    main()
