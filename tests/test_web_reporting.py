"""Departments report progress through `wuhua serve`; the clerk accepts it into
inputs/进展.xlsx with the same merge as returned Excel forms. Tested over real HTTP
(waitress on loopback, cookies, CSRF tokens) and in Debian's chromium."""
from __future__ import annotations

import re
import threading

from tests.conftest import run_cli
from tests.web_support import HALF, PASSWORD, Client, report_fields, sign_in


def test_anonymous_access_on_a_network_address_is_refused(site):
    url, workspace, _ = site
    anonymous = Client(url)
    for path in ("/", "/build", "/status", "/review", "/report", "/download/安全生产职责清单.docx"):
        status, body = anonymous.get(path)
        assert "登录" in body and "工作区" not in body.split("<main>")[1], path
    status, _ = anonymous.post("/upload", {})
    assert status in (302, 200, 400)  # redirected to sign-in or refused; never accepted
    assert not (workspace / "inputs" / "备份").exists()


def test_a_department_sees_and_changes_only_its_own_tasks(site):
    url, workspace, departments = site
    a, b = Client(url), Client(url)
    a.sign_in("dept0")
    b.sign_in("dept1")
    _, page_a = a.get(f"/report?half={HALF}")
    _, page_b = b.get(f"/report?half={HALF}")
    tasks_a = set(re.findall(r'name="r\d+_task" value="(\d+)"', page_a))
    tasks_b = set(re.findall(r'name="r\d+_task" value="(\d+)"', page_b))
    only_b = sorted(tasks_b - tasks_a)
    assert only_b, "the two departments should have different tasks"
    # A posts a row of B's task directly: refused on the server, nothing stored.
    status, body = a.post(f"/report?half={HALF}", {"count": "1", "r0_task": only_b[0], "r0_period": "2026年上半年",
                                                   "r0_text": "越权", "r0_status": "已完成"})
    assert status == 403 and "不能填报" in body
    # A department account cannot open the clerk's pages or downloads.
    for path in ("/", "/review", "/build", "/download/安全生产职责清单.docx"):
        status, _ = a.get(path)
        assert status == 403, path
    clerk = Client(url)
    clerk.sign_in("office")
    _, review = clerk.get(f"/review?half={HALF}")
    waiting, log = review.split("最近操作记录")
    assert "越权" not in waiting                     # nothing stored
    assert "越权填报" in log                          # the attempt is in the audit log


def test_bad_values_are_refused_with_their_place_like_the_excel_form(site):
    url, _, _ = site
    a = Client(url)
    a.sign_in("dept0")
    _, page = a.get(f"/report?half={HALF}")
    fields = report_fields(page, "已完成年度检查", status="差不多", percent="120")
    status, body = a.post(f"/report?half={HALF}", fields)
    assert status == 400
    assert f"任务{fields['r0_task']}" in body and "状态" in body and "完成比例" in body


def test_report_then_accept_updates_progress_and_the_battle_map(site, tmp_path):
    from generator.workspace import read_inputs

    url, workspace, departments = site
    a = Client(url)
    a.sign_in("dept0")
    _, page = a.get(f"/report?half={HALF}")
    fields = report_fields(page, "网页填报：已完成第一季度隐患排查")
    status, body = a.post(f"/report?half={HALF}", fields)
    assert status == 200 and "已提交 1 行" in body
    clerk = Client(url)
    clerk.sign_in("office")
    _, review = clerk.get(f"/review?half={HALF}")
    assert "网页填报：已完成第一季度隐患排查" in review and departments[0] in review
    assert departments[1] in review.split("尚未填报")[1]          # not yet reported: on the 催报 list
    clerk.post(f"/review/accept?half={HALF}", {"department": departments[0]})
    progress = read_inputs(workspace / "inputs").progress
    mine = [e for e in progress.for_task(int(fields["r0_task"])) if e.department == departments[0]]
    assert any(e.text == "网页填报：已完成第一季度隐患排查" and e.percent == 50 for e in mine)
    assert list((workspace / "inputs" / "备份").glob("进展_*.xlsx"))
    result = run_cli("-w", str(workspace), "battlemap", "--as-of", "2026-06-30", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    cells = [str(c.value) for ws in load_workbook(tmp_path / "作战图.xlsx").worksheets for row in ws.iter_rows()
             for c in row if c.value]
    assert any("网页填报：已完成第一季度隐患排查" in c for c in cells)


def test_ten_departments_submitting_at_once_lose_nothing(site):
    from generator.web import store

    url, workspace, departments = site
    clients = []
    for i, _ in enumerate(departments):
        c = Client(url)
        c.sign_in(f"dept{i}")
        _, page = c.get(f"/report?half={HALF}")
        clients.append((c, report_fields(page, f"并发填报{i}")))
    results = []
    threads = [threading.Thread(target=lambda c=c, f=f: results.append(c.post(f"/report?half={HALF}", f)[0]))
               for c, f in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(200) == len(departments) >= 8
    engine = store.open_store(store.database_url(workspace))
    rows = store.pending(engine, HALF)
    assert sorted(r["text"] for r in rows) == sorted(f"并发填报{i}" for i in range(len(departments)))


def test_failed_sign_ins_are_limited(site):
    url, _, _ = site
    c = Client(url)
    for _ in range(5):
        assert c.sign_in("dept0", "wrong password") == 401
    status = c.sign_in("dept0")
    assert status == 401
    _, body = c.get("/login")
    status, body = c.post("/login", {"username": "dept0", "password": PASSWORD})
    assert "次数过多" in body


def test_department_reports_in_the_browser(site, page):
    url, _, departments = site
    sign_in(page, url, "dept0")
    page.goto(url + f"/report?half={HALF}")
    assert departments[0] in page.inner_text("h1")
    page.fill("textarea[name=r0_text]", "浏览器中填报的进展")
    page.select_option("select[name=r0_status]", "推进中")
    page.fill("input[name=r0_percent]", "30")
    page.click("#submit-report")
    assert "已提交 1 行" in page.inner_text("#report-result")
    page.goto(url + "/review")
    assert "部门账户只能打开本部门的填报页面" in page.inner_text("main")
