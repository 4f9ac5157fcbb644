"""The rest of the web workbench (issue 16): page thumbnails and set downloads on 生成,
the 作战图 overview on 状态, the admin page for accounts, and a server killed mid-build.
Real server (waitress on loopback), real chromium, real LibreOffice where a thumbnail
needs a conversion; pages and PNGs are measured, not just found."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import threading
import time
import urllib.parse
import zipfile
from pathlib import Path

from tests.conftest import ROOT, run_cli
from tests.web_support import (HALF, Client, free_port, report_fields, request_status, serve, sign_in,
                               start_server_process, url_of)

PLAN_B = ROOT / "tests" / "data" / "plan_b"


# --- 生成: thumbnails ----------------------------------------------------------------

def test_thumbnail_is_the_first_page_with_the_page_count(office, page, soffice, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    url, workspace, _ = office
    sign_in(page, url, "office")
    page.goto(url + "/build")
    item = page.locator("li.doc[data-path='安全生产职责清单.docx']")
    item.scroll_into_view_if_needed()
    item.locator(".pages", has_text="页").wait_for(timeout=300_000)
    shown = int(re.search(r"共 (\d+) 页", item.inner_text()).group(1))
    width = item.locator("img.thumb").evaluate("img => img.naturalWidth")
    assert width > 50
    # The count is the PDF's: converted here independently through the command line.
    result = run_cli("-w", str(workspace), "pdf", str(workspace / "output" / "安全生产职责清单.docx"),
                     "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    reference = PdfReader(tmp_path / "安全生产职责清单.pdf")
    assert shown == len(reference.pages) > 1
    first = reference.pages[0].mediabox
    # Cached under the document's content hash, shaped as the PDF's first page.
    import hashlib

    key = hashlib.sha256((workspace / "output" / "安全生产职责清单.docx").read_bytes()).hexdigest()
    png = workspace / ".wuhua" / "缩略图" / f"{key}.png"
    w, h = Image.open(png).size
    assert abs(h / w - float(first.height) / float(first.width)) < 0.02
    clerk = Client(url)
    clerk.sign_in("office")
    # The page's own requests may keep the converter busy: retry on 503 as the page does.
    deadline = time.monotonic() + 300
    while True:
        status, data, headers = clerk.get_bytes("/thumb/作战图（挂图）.docx")
        if status != 503 or time.monotonic() > deadline:
            break
        time.sleep(float(headers.get("Retry-After", 2)))
    assert status == 200 and headers["Content-Type"] == "image/png"
    w, h = Image.open(io.BytesIO(data)).size
    assert w > h and int(headers["X-Pages"]) >= 1
    # Only from output/: not the inputs, not the manifest.
    for path in ("/thumb/../inputs/部门.xlsx", "/thumb/%2e%2e/inputs/部门.xlsx", "/thumb/.wuhua-manifest.json"):
        assert clerk.get_bytes(path)[0] == 404, path


def test_a_pdf_in_output_gives_the_thumbnail_without_converting(office):
    """A document with its PDF beside it (build --pdf): pages are read from that PDF."""
    from pypdf import PdfWriter

    url, workspace, _ = office
    pdf = workspace / "output" / "部门任务清单" / "办公室.pdf"
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with open(pdf, "wb") as f:
        writer.write(f)
    clerk = Client(url)
    clerk.sign_in("office")
    _, html = clerk.get("/build")
    block = re.search(r'<li class="doc" data-path="部门任务清单/办公室.docx">(.*?)</li>', html, re.S).group(1)
    assert "办公室.pdf" in block                               # the PDF is offered beside its document
    assert 'data-path="部门任务清单/办公室.pdf"' not in html    # and not listed as a document of its own
    status, body = clerk.get("/thumb/部门任务清单/办公室.docx?info=1")
    assert status == 200 and json.loads(body) == {"pages": 3}


def test_without_libreoffice_the_page_says_so_instead_of_broken_images(built_workspace, page, monkeypatch):
    monkeypatch.setenv("WUHUA_SOFFICE", str(built_workspace / "没有这个程序"))
    srv = serve(built_workspace, require_login=False)
    try:
        page.goto(url_of(srv) + "/build")
        assert "本机未安装 LibreOffice" in page.inner_text("#no-libreoffice")
        assert page.locator("img.thumb").count() == 0
        assert page.locator("li.doc .thumb.none").count() > 10
        assert page.locator("input[name=pdf]").is_disabled()
    finally:
        srv.close()


# --- 生成: sets ------------------------------------------------------------------------

def test_a_set_downloads_as_one_zip_with_exactly_its_files(office, page, tmp_path):
    url, workspace, _ = office
    out = workspace / "output"
    sign_in(page, url, "office")
    page.goto(url + "/build")
    with page.expect_download() as info:
        page.click("h4:has-text('部门任务清单/') >> text=下载整个文件夹（.zip）")
    saved = tmp_path / "set.zip"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "部门任务清单.zip"
    with zipfile.ZipFile(saved) as z:
        names = sorted(z.namelist())
        assert names == sorted(p.relative_to(out).as_posix() for p in (out / "部门任务清单").iterdir())
        assert all(z.read(n) == (out / n).read_bytes() for n in names)
    # One kind: every poster and their merged print file, nothing else.
    clerk = Client(url)
    clerk.sign_in("office")
    status, data, headers = clerk.get_bytes("/download-set.zip?kind=poster")
    assert status == 200
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    posters = [p.relative_to(out).as_posix() for p in (out / "判定标准海报").iterdir()]
    assert set(posters) <= set(names) and len(names) == len(posters) + 1
    assert not any(n.startswith("部门任务清单") for n in names)
    for bad in ("/download-set.zip?kind=没有", "/download-set.zip?folder=../inputs", "/download-set.zip?folder=.wuhua"):
        assert clerk.get_bytes(bad)[0] == 404, bad


def test_departments_reach_neither_downloads_nor_admin(office):
    url, _, _ = office
    dept = Client(url)
    dept.sign_in("dept0")
    for path in ("/download-all.zip", "/download-set.zip?kind=poster", "/thumb/安全生产职责清单.docx",
                 "/download/安全生产职责清单.docx", "/admin", "/status", "/status/chart/donut.png"):
        assert dept.get_bytes(path)[0] == 403, path
    dept.get("/report")   # a valid token of this session: refused for what it is, not for CSRF
    status, _ = dept.post("/admin/users", {"username": "mine", "role": "clerk", "password": "x" * 10,
                                           "password2": "x" * 10})
    assert status == 403
    status, _ = dept.post("/admin/users/office/password", {"password": "y" * 10, "password2": "y" * 10})
    assert status == 403
    assert Client(url).sign_in("office") == 200           # the clerk's password is unchanged
    anonymous = Client(url)
    for path in ("/admin", "/download-set.zip?kind=poster", "/thumb/安全生产职责清单.docx"):
        status, body = anonymous.get(path)
        assert "登录" in body and "账户管理" not in body, path


# --- 状态: the 作战图 overview ------------------------------------------------------------

def test_accepted_progress_shows_on_the_status_board_and_charts(office, page):
    url, workspace, departments = office
    dept = Client(url)
    dept.sign_in("dept0")
    _, form = dept.get(f"/report?half={HALF}")
    fields = report_fields(form, "网页填报：风险分级管控已全部完成", status="已完成", percent="100")
    task = fields["r0_task"]
    sign_in(page, url, "office")
    page.goto(url + "/status?as_of=2026-06-30")
    row = page.locator(f"#board tr[data-task='{task}']")
    assert "网页填报" not in row.inner_text()
    before_src = page.locator("img.chart-donut").get_attribute("src")
    before_png = page.request.get(url + before_src).body()
    assert dept.post(f"/report?half={HALF}", fields)[0] == 200
    page.goto(url + f"/review?half={HALF}")
    page.click(f"section[data-department='{departments[0]}'] button.accept")
    if page.locator("#confirm-accept").count():
        page.click("#confirm-accept")
    page.goto(url + "/status?as_of=2026-06-30")
    text = page.locator(f"#board tr[data-task='{task}']").inner_text()
    assert "网页填报：风险分级管控已全部完成" in text and departments[0] in text
    assert "100%" in text
    after_src = page.locator("img.chart-donut").get_attribute("src")
    assert after_src != before_src
    after_png = page.request.get(url + after_src).body()
    assert after_png[:8] == b"\x89PNG\r\n\x1a\n" and after_png != before_png
    for chart in ("actions", "donut", "timeline"):
        assert page.locator(f"img.chart-{chart}").evaluate("i => i.complete && i.naturalWidth") > 300


def test_status_overview_on_a_plan_shaped_unlike_the_sample(tmp_path):
    from generator.workspace import read_inputs

    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    plan = read_inputs(ws / "inputs").plan
    srv = serve(ws, require_login=False)
    try:
        client = Client(url_of(srv))
        status, html = client.get("/status?as_of=2025-06-30")
        assert status == 200
        shown = [int(n) for n in re.findall(r'<tr data-task="(\d+)"', html)]
        assert shown == [t.number for a in plan.actions for t in a.tasks]
        for action in plan.actions:
            assert action.title in html
        src = re.search(r'src="(/status/chart/timeline.png[^"]+)"', html).group(1).replace("&amp;", "&")
        status, data, _ = client.get_bytes(src)
        assert status == 200 and data[:4] == b"\x89PNG"
    finally:
        srv.close()


# --- 账户 --------------------------------------------------------------------------------

def test_clerk_creates_resets_and_disables_department_accounts(office, page, browser):
    url, _, departments = office
    sign_in(page, url, "office")
    page.goto(url + "/admin")
    form = page.locator("#new-user")
    form.locator("input[name=username]").fill("li.si")
    form.locator("select[name=department]").select_option(departments[1])
    form.locator("input[name=password]").fill("first pass 1")
    form.locator("input[name=password2]").fill("first pass 1")
    form.locator("button").click()
    assert f"已建立账户 li.si（{departments[1]}）" in page.inner_text("#admin-result")
    assert "可用" in page.inner_text("#users tr[data-user='li.si']")
    # A mistyped form changes nothing and says why, per field.
    form = page.locator("#new-user")
    form.locator("input[name=username]").fill("li.si")
    form.locator("input[name=password]").fill("short")
    form.locator("input[name=password2]").fill("other")
    form.locator("button").click()
    problems = page.inner_text("#admin-result")
    assert "已存在" in problems and "至少 8 位" in problems and "不一致" in problems

    other = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(other, url, "li.si", "first pass 1")
    assert departments[1] in other.inner_text("header")

    row = page.locator("#users tr[data-user='li.si']")
    row.locator("input[name=password]").fill("second pass 2")
    row.locator("input[name=password2]").fill("second pass 2")
    row.locator("button:has-text('重设')").click()
    assert "已重设 li.si 的密码" in page.inner_text("#admin-result")
    assert Client(url).sign_in("li.si", "first pass 1") == 401
    assert Client(url).sign_in("li.si", "second pass 2") == 200

    page.locator("#users tr[data-user='li.si'] button.disable").click()
    assert "已停用 li.si" in page.inner_text("#admin-result")
    assert Client(url).sign_in("li.si", "second pass 2") == 401
    other.goto(url + "/report")                        # the open session ends with the account
    assert other.url.endswith("/login")
    other.context.close()

    page.locator("#users tr[data-user='office'] button.disable").click()
    assert "唯一可用的办公室账户" in page.inner_text("#admin-result")
    log = page.inner_text("#audit")
    for action in ("新建账户", "重设密码", "停用账户"):
        assert action in log
    assert "li.si" in log and "office" in log


# --- a server killed mid-build ---------------------------------------------------------------

def _visible(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_server_killed_mid_build_leaves_a_whole_set_and_says_interrupted(built_workspace):
    from generator.writers import manifest as mf

    out = built_workspace / "output"
    old = _visible(out)
    port = free_port()
    server = start_server_process(built_workspace, port)
    try:
        clerk = Client(f"http://127.0.0.1:{port}")
        clerk.get("/build")
        clerk.post("/build", {"year": "2026", "as_of": "2026-03-31"})
        state_file = built_workspace / ".wuhua" / "生成" / "state.json"
        deadline = time.monotonic() + 60
        while not (state_file.exists() and json.loads(state_file.read_text()).get("pid")):
            assert time.monotonic() < deadline, "the build did not start"
            time.sleep(0.1)
        time.sleep(4)                                    # in the middle of rendering
        assert json.loads(clerk.get("/build/status")[1])["state"] == "running"
    finally:
        os.killpg(server.pid, signal.SIGKILL)            # the server and its build subprocess, as a power cut would
        server.wait(timeout=30)
    child = json.loads(state_file.read_text())["pid"]
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child}").exists() and "Z" not in Path(f"/proc/{child}/stat").read_text().split(")")[1][:3]:
        assert time.monotonic() < deadline
        time.sleep(0.2)

    # output/ as the command line leaves it: the old set untouched, or the new one whole.
    now = _visible(out)
    manifest = mf.load(out)
    assert manifest.state == mf.COMPLETE and not manifest.interrupted
    if now != old:
        assert all(mf.digest(data) == manifest.files[rel].sha256 for rel, data in now.items())
        assert set(now) == set(manifest.files)

    server = start_server_process(built_workspace, port)
    try:
        client = Client(f"http://127.0.0.1:{port}")
        _, html = client.get("/build")
        assert 'data-state="interrupted"' in html
        assert "被中断" in html and "没有新旧混杂" in html
        assert json.loads(client.get("/build/status")[1])["state"] == "interrupted"
        # and a new build can start and finish
        client.post("/build", {"year": "2026", "as_of": "2026-03-31"})
        deadline = time.monotonic() + 600
        while json.loads(client.get("/build/status")[1])["state"] == "running":
            assert time.monotonic() < deadline
            time.sleep(1)
        assert json.loads(client.get("/build/status")[1])["state"] == "done"
        assert "2026年度任务清单.docx" in _visible(out)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_stopped_test_server_leaves_no_thread_behind(built_workspace):
    """The fixtures' server stops only when its last answer is written: a worker still
    answering after the stop once wrote into the next test's copied 发文.yaml through a
    reused descriptor, and that test read the untouched copy as malformed YAML."""
    srv = serve(built_workspace, require_login=False)
    app, taken = srv.srv.application, threading.Event()

    def noting(environ, start_response):            # the real app, noting when a worker calls it
        taken.set()
        return app(environ, start_response)

    srv.srv.application = noting
    url = url_of(srv) + "/thumb/" + urllib.parse.quote("部门任务清单/办公室.docx")
    answered = []
    asker = threading.Thread(target=lambda: answered.append(request_status(url)))
    asker.start()
    assert taken.wait(60)
    srv.close()                                     # while the thumbnail is being rendered
    asker.join(60)
    assert not srv.srv.task_dispatcher.threads and not srv.thread.is_alive()
    assert answered == [200]                        # the answer in flight was finished, not cut
