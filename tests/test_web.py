"""`wuhua serve` in a real browser (Playwright driving Debian's chromium) and by direct
HTTP requests: uploads are checked before they replace anything, builds run once and
can be downloaded, and nothing outside output/ can be fetched."""
from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.web_support import request_status


def _departments_with(tmp_path: Path, workspace: Path, change) -> Path:
    wb = load_workbook(workspace / "inputs" / "部门.xlsx")
    change(wb.worksheets[0])
    target = tmp_path / "部门.xlsx"
    wb.save(target)
    return target


def _header_row(ws) -> int:
    for row in ws.iter_rows(min_row=1, max_row=10):
        if any(c.value == "部门名称" for c in row):
            return row[0].row
    raise AssertionError("no header")


def test_bad_upload_shows_each_problem_and_changes_nothing(server, page, tmp_path):
    url, workspace = server
    before = (workspace / "inputs" / "部门.xlsx").read_bytes()

    def duplicate_first_department(ws):
        h = _header_row(ws)
        ws.cell(h + 2, 1).value = ws.cell(h + 1, 1).value

    bad = _departments_with(tmp_path, workspace, duplicate_first_department)
    page.goto(url + "/")
    assert "✓ 检查通过" in page.inner_text("#check-result")
    page.set_input_files("input[name=file]", str(bad))
    page.click("text=检查并替换")
    result = page.inner_text("#upload-result")
    assert "未被采用，工作区中的数据没有改动" in result
    assert "部门.xlsx" in result and "重复" in result and "单元格 A" in result
    assert (workspace / "inputs" / "部门.xlsx").read_bytes() == before
    assert not (workspace / "inputs" / "备份").exists()


def test_good_upload_replaces_the_input_and_keeps_a_dated_backup(server, page, tmp_path):
    url, workspace = server
    before = (workspace / "inputs" / "部门.xlsx").read_bytes()

    def new_phone(ws):
        h = _header_row(ws)
        for col in range(1, ws.max_column + 1):
            if ws.cell(h, col).value == "联系电话":
                ws.cell(h + 1, col).value = "0434-1234567"

    good = _departments_with(tmp_path, workspace, new_phone)
    page.goto(url + "/")
    page.set_input_files("input[name=file]", str(good))
    page.click("text=检查并替换")
    assert "✓ 已替换 部门.xlsx" in page.inner_text("#upload-result")
    assert (workspace / "inputs" / "部门.xlsx").read_bytes() == good.read_bytes()
    [backup] = (workspace / "inputs" / "备份").iterdir()
    assert backup.name.startswith("部门_") and backup.read_bytes() == before


def test_build_then_download_a_document_that_opens(server, page, tmp_path):
    from docx import Document

    url, workspace = server
    page.goto(url + "/build")
    page.click("#build-button")
    page.wait_for_selector("#build-state[data-state=done]", timeout=600_000)
    assert "✓ 已生成" in page.inner_text("#build-state")
    link = page.locator("a.kind-docx", has_text="职责清单")
    with page.expect_download() as info:
        link.first.click()
    saved = tmp_path / "download.docx"
    info.value.save_as(saved)
    assert saved.read_bytes() == (workspace / "output" / "安全生产职责清单.docx").read_bytes()
    assert "安全生产职责清单" in "\n".join(p.text for p in Document(saved).paragraphs)


def test_status_page_lists_what_is_overdue(server, page):
    url, _ = server
    page.goto(url + "/status?as_of=2025-12-01")
    overdue = page.inner_text("table.grid >> nth=0")
    assert "YH2025-016" in overdue and "逾期1天" in overdue


def test_forms_without_a_token_are_refused_and_nothing_outside_output_is_served(server):
    url, workspace = server
    before = (workspace / "inputs" / "单位.yaml").read_bytes()
    assert request_status(url + "/build", data=b"year=2026") == 400
    assert request_status(url + "/upload", data=b"") == 400
    for path in ("/download/../inputs/单位.yaml", "/download/%2e%2e/inputs/单位.yaml",
                 "/download/..%2finputs%2f单位.yaml", "/download//etc/passwd"):
        quoted = urllib.parse.quote(path, safe="/%")
        assert request_status(url + quoted) in (400, 404), path
    assert (workspace / "inputs" / "单位.yaml").read_bytes() == before


def test_serve_refuses_a_network_address_without_accounts(workspace):
    result = run_cli("-w", str(workspace), "serve", "--host", "0.0.0.0", "--no-browser")
    assert result.returncode == 2
    assert "先建立办公室账户" in result.stderr and "--add-user" in result.stderr


def test_accounts_are_added_with_a_hashed_password(workspace):
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-m", "generator", "-w", str(workspace), "serve", "--add-user"]
    unknown = subprocess.run(args + ["zhang", "--department", "没有这个科"], input="password1\npassword1\n",
                             capture_output=True, text=True, env=env, timeout=120)
    assert unknown.returncode == 2 and "不是 部门 中登记的部门" in unknown.stderr
    added = subprocess.run(args + ["office", "--clerk"], input="password1\npassword1\n",
                           capture_output=True, text=True, env=env, timeout=120)
    assert added.returncode == 0, added.stderr
    db = (workspace / ".wuhua" / "填报.sqlite").read_bytes()
    assert b"password1" not in db and b"$argon2" in db


def test_upload_of_an_unknown_file_name_is_refused(server, page, tmp_path):
    url, workspace = server
    other = tmp_path / "名单.xlsx"
    shutil.copyfile(workspace / "inputs" / "部门.xlsx", other)
    page.goto(url + "/")
    page.set_input_files("input[name=file]", str(other))
    page.click("text=检查并替换")
    assert "只接受这些数据文件" in page.inner_text("#upload-result")
    assert not (workspace / "inputs" / "名单.xlsx").exists()
