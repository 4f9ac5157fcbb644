"""The wording of the documents laid out by code comes from templates/文字/<kind>.yaml:
a clerk changes a heading, a fixed sentence and a column in a workspace copy and finds
the change in the output; a broken file is refused by check and build at its line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import ROOT, all_text, run_cli

TEXTS = ROOT / "templates" / "文字"
PLAN_B = ROOT / "tests" / "data" / "plan_b"


def _own(workspace: Path, name: str, *edits: tuple[str, str]) -> Path:
    """The built-in text file copied into the workspace and edited like in Notepad."""
    target = workspace / "templates" / "文字" / f"{name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (TEXTS / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def _header_text(path: Path) -> str:
    return "\n".join(p.text for s in Document(path).sections for p in s.header.paragraphs)


def test_committed_text_files_match_their_build_script():
    import tools.build_templates as builder

    files = builder.text_files()
    assert len(files) == 7
    for name, data in files.items():
        assert (ROOT / "templates" / name).read_bytes() == data, f"{name} — run tools/build_templates.py"


@pytest.fixture(scope="module")
def reworded(tmp_path_factory):
    """The sample with every text file reworded: a heading, a sentence, a column each."""
    from tests.conftest import SAMPLE

    ws = tmp_path_factory.mktemp("reworded")
    shutil.copytree(SAMPLE, ws / "inputs")
    _own(ws, "总结", ('"二、存在的问题"', '"二、问题和不足"'),
         ("{{ we }}统筹推进", "本局扎实推进"),
         ('  - 状态: "状态"\n', ""), ('  - 时限: "时限"', '  - 时限: "完成时限"'))
    _own(ws, "公示", ('"重大事故隐患清单公示"', '"重大隐患公示牌"'),
         ("请全体从业人员共同监督。", "欢迎全体职工监督。"),
         ('  - 临时管控措施: "临时管控措施"\n', ""), ('  - 责任人: "责任人"', '  - 责任人: "整改责任人"'))
    _own(ws, "任务台账", ("任务台账（{{ year }}年）", "重点任务推进台账（{{ year }}年度）"),
         ('  - 序号: "序号"\n', ""), ('  - 备注: "备注"\n', ""), ('  - 行动: "行动"\n', ""),
         ('  - 任务内容: "任务内容"', '  - 任务内容: "工作任务"'))
    # Moved to the front: the clerk's order, not the code's.
    ledger = ws / "templates" / "文字" / "任务台账.yaml"
    text = ledger.read_text(encoding="utf-8").replace('  - 状态: "状态"\n', "")
    ledger.write_text(text.replace("列:\n", '列:\n  - 状态: "状态"\n'), encoding="utf-8")
    _own(ws, "手册", ('页眉: "{{ header }}"', '页眉: "{{ header }}（内部资料）"'), ('"目　　录"', '"目录"'))
    _own(ws, "海报", ("请立即报告。", "请立即向安全管理部门报告。"), ("本企业电话：", "企业值班电话："))
    _own(ws, "作战图", ('"{{ campaign }}作战图集"', '"{{ campaign }}挂图作战图册"'),
         ("详见《作战图集》", "详见《挂图作战图册》"), ("框内深色部分", "框内阴影部分"))
    _own(ws, "印发通知", ('"关于印发《{{ list_title }}》的通知"', '"关于印发《{{ list_title }}》的通知（第二版）"'),
         ("请认真抓好落实。", "请结合实际认真贯彻执行。"))
    out = ws / "out"
    result = run_cli("-w", str(ws), "build", "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_summary_reworded(reworded):
    path = next(reworded.glob("*工作总结.docx"))
    text = all_text(path)
    assert "二、问题和不足" in text and "二、存在的问题" not in text
    assert "本局扎实推进" in text and "我局统筹推进" not in text
    header = [c.text for c in Document(path).tables[0].rows[0].cells]
    assert header == ["序号", "任务", "牵头部门", "完成时限", "本半年进展"]


def test_notice_reworded(reworded):
    path = next((reworded / "重大事故隐患公示").glob("*.docx"))
    doc = Document(path)
    assert doc.paragraphs[0].text == "重大隐患公示牌"
    assert "欢迎全体职工监督。" in all_text(path)
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert "临时管控措施" not in header and "整改责任人" in header and len(header) == 8


def test_issue_notice_reworded(reworded):
    path = next(reworded.glob("*印发通知.docx"))
    text = all_text(path)
    assert "的通知（第二版）" in text and "请结合实际认真贯彻执行。" in text
    assert "请认真抓好落实。" not in text
    assert Document(path).core_properties.title.endswith("的通知（第二版）")


def test_ledger_columns_reworded(reworded):
    ws = load_workbook(reworded / "任务台账.xlsx").active
    assert ws["A1"].value.endswith("重点任务推进台账（2025年度）")
    header = [c.value for c in ws[2]]
    assert header[0] == "状态" and "工作任务" in header
    assert "序号" not in header and "备注" not in header and "行动" not in header
    assert len(header) == 13
    # The data follows its column: the status column holds status marks.
    assert all(ws.cell(r, 1).value and ws.cell(r, 1).value[0] in "√●○△▲" for r in range(3, ws.max_row + 1))


def test_handbook_header_and_contents_reworded(reworded):
    path = next((reworded / "手册").glob("*.docx"))
    assert "（内部资料）" in _header_text(path)
    assert any(p.text == "目录" for p in Document(path).paragraphs)


def test_poster_reworded(reworded):
    text = all_text(reworded / "判定标准海报（合并打印）.docx")
    assert "请立即向安全管理部门报告。" in text and "请立即报告。" not in text


def test_battlemap_reworded(reworded):
    book = all_text(reworded / "作战图集.docx")
    assert "挂图作战图册" in book and "框内阴影部分" in book
    wall = all_text(reworded / "作战图（挂图）.docx")
    assert "详见《挂图作战图册》" in wall


def line_of(name: str, needle: str) -> int:
    lines = (TEXTS / f"{name}.yaml").read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_broken_text_files_are_located_by_check_and_build(workspace, tmp_path):
    _own(workspace, "总结", ('"二、存在的问题"', '"二、{{ problems }"'))
    _own(workspace, "公示", ("电话{{ hotline }}。", "电话{{ hotlin }}。"))
    _own(workspace, "任务台账", ('  - 牵头部门: "牵头部门"', '  - 牵头科室: "牵头部门"'))
    _own(workspace, "作战图", ('图例: "', '图列: "'))
    (workspace / "templates" / "文字" / "总节.yaml").write_text("标题: x\n", encoding="utf-8")
    for args in (["check"], ["build", "-o", str(tmp_path / "out")]):
        result = run_cli("-w", str(workspace), *args)
        assert result.returncode == 2, result.stderr
        err = result.stderr
        assert "Traceback" not in err
        assert f"templates/文字/总结.yaml 第{line_of('总结', '二、存在的问题')}行，字段“一级标题二”：标签语法错误" in err
        assert (f"templates/文字/公示.yaml 第{line_of('公示', '电话{{ hotline }}。')}行，字段“举报”："
                "使用了不存在的变量“hotlin”。您是否想写 hotline？") in err
        assert (f"templates/文字/任务台账.yaml 第{line_of('任务台账', '- 牵头部门')}行，字段“列”："
                "没有名为“牵头科室”的列。您是否想写“牵头部门”？") in err
        assert f"templates/文字/作战图.yaml 第{line_of('作战图', '图例: ')}行，字段“图列”：不认识的项目“图列”。您是否想写“图例”？" in err
        assert "templates/文字/总节.yaml：没有名为“总节”的文字模板" in err and "您是否想写“总结”？" in err
    assert not any((tmp_path / "out").rglob("*.docx"))   # nothing written


def test_plan_b_reworded(tmp_path):
    """A plan shaped unlike the sample: its ledger, 作战图 and summary follow the files too."""
    ws = tmp_path / "ws"
    shutil.copytree(PLAN_B, ws / "inputs")
    _own(ws, "任务台账", ('  - 推进措施: "推进措施"\n', ""), ('  - 牵头部门: "牵头部门"', '  - 牵头部门: "牵头单位"'))
    _own(ws, "作战图", ('"{{ campaign }}作战图集"', '"{{ campaign }}推进图"'))
    _own(ws, "总结", ('"一、主要工作及成效"', '"一、工作开展情况"'), ("{{ we }}统筹推进", "本委统筹推进"))
    out = tmp_path / "out"
    result = run_cli("-w", str(ws), "build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    header = [c.value for c in load_workbook(out / "任务台账.xlsx").active[2]]
    assert "牵头单位" in header and "推进措施" not in header and "牵头部门" not in header
    assert "推进图" in all_text(out / "作战图集.docx")
    result = run_cli("-w", str(ws), "summary", "-o", str(out / "s"))
    assert result.returncode == 0, result.stderr
    text = all_text(next((out / "s").glob("*.docx")))
    assert "一、工作开展情况" in text and "本委统筹推进" in text


def test_templates_lists_and_exports_text_files(workspace):
    result = run_cli("-w", str(workspace), "templates")
    assert result.returncode == 0, result.stderr
    assert "■ 文字/总结.yaml：半年工作总结" in result.stdout
    assert "{{ hotline }}  举报电话　例：" in result.stdout
    result = run_cli("-w", str(workspace), "templates", "export", "总结")
    assert result.returncode == 0, result.stderr
    own = workspace / "templates" / "文字" / "总结.yaml"
    assert own.read_bytes() == (TEXTS / "总结.yaml").read_bytes()
    own.write_text(own.read_text(encoding="utf-8").replace("我局", "本局"), encoding="utf-8")
    result = run_cli("-w", str(workspace), "templates", "export")
    assert "本局" in own.read_text(encoding="utf-8")
    assert "已修改过，未覆盖" in result.stderr
    assert "工作区文字模板" in run_cli("-w", str(workspace), "templates").stdout


def test_readme_carries_every_text_and_variable():
    from generator.build import wordings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 文字模板（templates/文字/）", 1)[1].split("\n## ", 1)[0]
    for spec in wordings():
        assert f"文字/{spec.name}.yaml" in section
        for text in spec.texts:
            assert f"| {text.key} | {text.meaning} |" in section, text.key
            for name in text.variables:
                assert f"`{name}` {spec.variables[name][0]}" in section
