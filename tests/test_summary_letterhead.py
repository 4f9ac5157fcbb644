"""The half-year summary as a 上行文 (GB/T 9704 7.2.5, 7.2.6, 7.4): 发文字号 and 签发人
from 总结/<半年>.yaml, 版头/版记 from 发文.yaml, measured on the PDF; the fields refused
at their lines; a summary without them unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber

from tests.conftest import run_cli
from tests.test_letterhead import LEFT, MM, OTHER, PLAN_B, WIDTH, _check_colophon, _check_letterhead, _line_of

SUMMARY = "2025年下半年工作总结.docx"
KAI = ("UKai", "Kai", "楷")


def _summary(ws: Path, out: Path) -> Path:
    result = run_cli("-w", str(ws), "summary", "--period", "2025H2", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out / SUMMARY


def _add(ws: Path, text: str) -> None:
    path = ws / "inputs" / "总结" / "2025H2.yaml"
    path.parent.mkdir(exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else "主送机关: 州人民政府\n"
    path.write_text(old.rstrip("\n") + "\n" + text, encoding="utf-8")


def test_a_summary_without_number_is_the_same_with_or_without_the_letterhead_file(workspace: Path, tmp_path: Path):
    env = {"SOURCE_DATE_EPOCH": "1704067200"}
    with_file = run_cli("-w", str(workspace), "summary", "--period", "2025H2", "-o", str(tmp_path / "a"), env=env)
    (workspace / "inputs" / "发文.yaml").unlink()
    without = run_cli("-w", str(workspace), "summary", "--period", "2025H2", "-o", str(tmp_path / "b"), env=env)
    assert with_file.returncode == without.returncode == 0
    assert (tmp_path / "a" / SUMMARY).read_bytes() == (tmp_path / "b" / SUMMARY).read_bytes()


def test_issuing_fields_are_refused_at_their_lines(workspace: Path, tmp_path: Path):
    _add(workspace, "签发人: 张三\n")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2
    assert "2025H2.yaml" in result.stdout + result.stderr and "签发人但没有发文字号" in result.stdout + result.stderr
    lines = (workspace / "inputs" / "总结" / "2025H2.yaml").read_text(encoding="utf-8").splitlines()
    (workspace / "inputs" / "总结" / "2025H2.yaml").write_text(
        "\n".join(x for x in lines if not x.startswith("签发人")) + "\n发文字号: 某工信[2025]5号\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "summary", "--period", "2025H2", "-o", str(tmp_path / "o"))
    text = result.stdout + result.stderr
    assert result.returncode == 2 and "六角括号" in text and f"第{len(lines)}行" in text
    (workspace / "inputs" / "总结" / "2025H2.yaml").write_text(
        "\n".join(x for x in lines if not x.startswith("签发人")) + "\n发文字号: 某工信〔2025〕5号\n", encoding="utf-8")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2 and "必须写签发人" in result.stdout + result.stderr
    (workspace / "inputs" / "发文.yaml").unlink()
    _add(workspace, "签发人: 张三\n")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 2 and "发文.yaml" in result.stdout + result.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def _check_upward(page, mark: str, number: str, names: list[str]) -> None:
    """7.2.5/7.2.6: number one character in from the left on the line of the last name;
    the 签发人 block one character in from the right; names in 楷体 3号."""
    found = _check_letterhead(page, mark, number)
    number_chars = found["number_chars"]
    assert abs(number_chars[0]["x0"] / MM - (LEFT + 16 / MM)) <= 1.0
    label = _line_of(page, "签发人")
    if len(names) == 1:
        right = max(c["x1"] for c in label) / MM
        assert abs(right - (LEFT + WIDTH - 16 / MM)) <= 1.5, right
    colon = next(c for c in label if c["text"] in "：:")
    first = next(c for c in label if c["text"] == names[0][0])
    assert 0 <= first["x0"] - colon["x1"] < 3       # the first name right after “签发人：”
    last = _line_of(page, names[-1])
    assert abs(last[0]["bottom"] - number_chars[-1]["bottom"]) < 0.5       # the same baseline
    for name in names:
        chars = [c for c in _line_of(page, name) if c["text"] in name]
        assert chars and all(any(k in c["fontname"] for k in KAI) for c in chars), name
        assert all(abs(c["size"] - 16) < 0.2 for c in chars)
    assert all(not any(k in c["fontname"] for k in KAI) for c in label if c["text"] in "签发人")


def _pdf(docx: Path, out: Path) -> pdfplumber.PDF:
    result = run_cli("pdf", "-o", str(out), str(docx))
    assert result.returncode == 0, result.stderr
    return pdfplumber.open(out / f"{docx.stem}.pdf")


def test_sample_summary_with_one_signer_measured(soffice, workspace: Path, tmp_path: Path):
    _add(workspace, "发文字号: 某工信〔2025〕56号\n签发人: 王大明\n抄送: 市应急管理局\n")
    with _pdf(_summary(workspace, tmp_path / "out"), tmp_path / "pdf") as pdf:
        _check_upward(pdf.pages[0], "某市工业和信息化局文件", "某工信〔2025〕56号", ["王大明"])
        assert len(pdf.pages) % 2 == 0
        _check_colophon(pdf.pages[-1], ["抄送：市应急管理局。", "某市工业和信息化局办公室", "2025年12月10日印发"])


def test_another_office_with_three_signers_measured(soffice, tmp_path: Path):
    ws = tmp_path / "b"
    shutil.copytree(PLAN_B, ws / "inputs", ignore=shutil.ignore_patterns("xlsx"))
    (ws / "inputs" / "发文.yaml").write_text(OTHER, encoding="utf-8")
    _add(ws, "成文日期: 2025-12-08\n发文字号: 州经信呈〔2025〕9号\n签发人:\n  - 欧阳明远\n  - 李四\n  - 赵五\n"
             "印发日期: 2025-12-09\n")
    with _pdf(_summary(ws, tmp_path / "out"), tmp_path / "pdf") as pdf:
        first = pdf.pages[0]
        _check_upward(first, "某某自治州经济和信息化委员会文件", "州经信呈〔2025〕9号", ["欧阳明远", "李四", "赵五"])
        # columns as wide as the widest name: the second column's block ends one character
        # in from the right, so “李四” starts five grid characters (1 + 4) in from it
        li = next(c for c in _line_of(first, "李四") if c["text"] == "李")
        assert abs(li["x0"] / MM - (LEFT + WIDTH - 5 * WIDTH / 28)) < 1.5, li["x0"] / MM
        # two names a line; the third under the first
        a, c = _line_of(first, "欧阳明远"), _line_of(first, "赵五")
        assert a[0]["bottom"] < c[0]["bottom"]
        first_name = next(ch for ch in a if ch["text"] == "欧")
        assert abs(first_name["x0"] - next(ch for ch in c if ch["text"] == "赵")["x0"]) < 1.0
        assert len(pdf.pages) % 2 == 0
        _check_colophon(pdf.pages[-1], ["州经济和信息化委员会综合科", "2025年12月9日印发"])
