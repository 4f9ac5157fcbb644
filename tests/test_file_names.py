"""File names made from data: valid on Windows, short enough, unique, and stable as
rows come and go; Word's lock files never read and named when they block a write."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from generator.cli.group import environment_lines
from generator.model.file_names import (MAX_PATH, NAME_CHARS, PathTooLong, clean, file_stem, fit_paths,
                                        unique_stems)
from generator.readers.files import office_lock_of
from tests.conftest import run_cli

LONG = "某某省某某市某某县经济技术开发区某某某新材料科技股份有限公司" * 3 + "第十一分公司"   # 96 characters


# --- the rules, called directly (they must hold on Windows; we test them on Linux) ----

@pytest.mark.parametrize("name, expected", [
    ("CON", "CON_"), ("con", "con_"), ("Nul", "Nul_"), ("AUX.docx", "AUX_.docx"), ("COM1", "COM1_"),
    ("LPT9 ", "LPT9_"), ("COM¹", "COM¹_"), ("PRN.", "PRN_"),
    ("CONSOLE", "CONSOLE"), ("COM10", "COM10"), ("某市CON公司", "某市CON公司"),
    ("某公司.", "某公司"), ("某公司 . .", "某公司"), ("  某公司", "某公司"), ("...隐藏", "隐藏"),
    ('A/B\\C:D*E?F"G<H>I|J', "A_B_C_D_E_F_G_H_I_J"), ("第一行\n第二行\t尾", "第一行 第二行 尾"),
    ("零\u200b宽", "零宽"), ("", "未命名"), (" . ", "未命名"),
])
def test_names_are_valid_on_windows(name, expected):
    assert clean(name) == expected


def test_a_96_character_name_is_shortened_keeping_its_start_and_end():
    assert len(LONG) == 96
    stem = file_stem(LONG)
    assert len(stem) == NAME_CHARS and len(stem.encode("utf-8")) + len(".docx") <= 255
    assert stem.startswith("某某省某某市某某县") and stem.endswith("…公司第十一分公司")


def test_names_alike_after_shortening_stay_apart():
    first, second = LONG, LONG.replace("第十一分公司", "第十二分公司")
    third = "".join(LONG)                          # the very same name again
    stems = unique_stems([first, second, third, "Acme", "ACME"])
    assert stems[0] != stems[1] and "第十二分公司" in stems[1]
    assert stems[2] == stems[0] + "（2）"            # the very same name twice: told apart by order
    assert stems[3].casefold() != stems[4].casefold()  # Windows ignores case
    assert len({s.casefold() for s in stems}) == 5


def test_names_do_not_depend_on_other_rows():
    names = ["某市民爆器材有限公司", LONG, "CON", "某市钢铁集团有限公司"]
    full = dict(zip(names, unique_stems(names), strict=True))
    fewer = names[1:]
    assert dict(zip(fewer, unique_stems(fewer), strict=True)) == {n: full[n] for n in fewer}
    more = ["新增企业"] + names
    assert {n: s for n, s in zip(more, unique_stems(more), strict=True) if n in full} == full


def test_whole_paths_stay_under_windows_max_path():
    root = "C:\\Users\\张三\\Documents\\" + "深" * 150
    rels = ["判定标准海报/" + file_stem(LONG) + ".docx", "判定标准海报/" + file_stem(LONG + "x") + ".docx",
            "2025年度任务清单.docx"]
    fitted = fit_paths(root, rels)
    assert all(len(root) + 1 + len(r) < MAX_PATH for r in fitted)
    assert fitted[2] == rels[2] and len(set(fitted)) == 3
    assert all(r.startswith("判定标准海报/某某省") and r.endswith(".docx") for r in fitted[:2])


def test_an_output_folder_too_deep_for_any_name_is_refused():
    with pytest.raises(PathTooLong) as caught:
        fit_paths("D:\\" + "深" * 245, ["判定标准海报/某公司.docx"])
    assert "-o" in str(caught.value) and "260" in str(caught.value)
    assert caught.value.exit_code == 3


def test_word_and_wps_lock_files_are_found(tmp_path):
    doc = tmp_path / "安全生产职责清单.docx"
    assert office_lock_of(doc) is None
    (tmp_path / "~$生产职责清单.docx").write_bytes(b"x")          # Word: first two characters replaced
    assert office_lock_of(doc).name == "~$生产职责清单.docx"
    other = tmp_path / "短.docx"
    assert office_lock_of(other) is None
    (tmp_path / "~$短.docx").write_bytes(b"x")                    # WPS and short names: prefixed
    assert office_lock_of(other).name == "~$短.docx"


def test_a_write_blocked_by_word_names_the_file_and_its_lock(tmp_path):
    target = tmp_path / "2025年度任务清单.docx"
    target.write_bytes(b"old")
    (tmp_path / "~$25年度任务清单.docx").write_bytes(b"lock")
    exc = PermissionError(errno.EACCES, "Access is denied", str(tmp_path / ".~wuhua-abc.docx"), None, str(target))
    lines = environment_lines(exc)
    assert lines[0].startswith(f"✗ {target}：文件正在 Word/WPS 中打开")
    assert "~$25年度任务清单.docx" in lines[0] and ".~wuhua-" not in lines[0]
    assert "不是您的数据有误" in lines[1]


# --- through the command line, on input unlike the sample -------------------------

def enterprise_list(ws: Path, extra: list[str], drop: str | None = None) -> None:
    path = ws / "inputs" / "企业名单.xlsx"
    wb = load_workbook(path)
    sheet = wb.active
    for name in extra:
        sheet.append([name, "民爆销售", "某区", "李四", "0434-1234567", "王五"])
    if drop:
        [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == drop]
        sheet.delete_rows(row[0].row)
    wb.save(path)


AWKWARD = [LONG, LONG.replace("第十一分公司", "第十二分公司"), "CON", "某某/某某 公司.", "nul.txt"]


def test_check_passes_and_build_writes_every_awkward_name(workspace, tmp_path):
    enterprise_list(workspace, AWKWARD)
    check = run_cli("-w", str(workspace), "check")
    assert check.returncode == 0, check.stderr
    out = tmp_path / "out"
    result = run_cli("-w", str(workspace), "build", "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (out / "判定标准海报").glob("*.docx")}
    assert {"CON_.docx", "某某_某某 公司.docx", "nul_.txt.docx"} <= names
    long_ones = sorted(n for n in names if n.startswith("某某省"))
    assert len(long_ones) == 2 and all(len(Path(n).stem) <= NAME_CHARS for n in long_ones)
    assert any("第十一分公司" in n for n in long_ones) and any("第十二分公司" in n for n in long_ones)
    # What the clerk sees on the poster is the whole name, not the file's.
    poster = [n for n in long_ones if "第十二分公司" in n][0]
    assert LONG.replace("第十一分公司", "第十二分公司") in "".join(p.text for p in Document(str(out / "判定标准海报" / poster)).paragraphs)


def test_names_survive_rows_added_and_removed_and_print_order_is_the_list(workspace, tmp_path):
    enterprise_list(workspace, ["甲企业", "乙企业", "丙企业"])
    first = tmp_path / "first"
    assert run_cli("-w", str(workspace), "posters", "-o", str(first), "--date", "2025-06-01").returncode == 0
    enterprise_list(workspace, ["丁企业"], drop="甲企业")
    second = tmp_path / "second"
    assert run_cli("-w", str(workspace), "posters", "-o", str(second), "--date", "2025-06-01").returncode == 0
    before = {p.name: p.read_bytes() for p in (first / "判定标准海报").glob("*.docx")}
    after = {p.name: p.read_bytes() for p in (second / "判定标准海报").glob("*.docx")}
    assert set(before) - set(after) == {"甲企业.docx"} and set(after) - set(before) == {"丁企业.docx"}
    assert "乙企业.docx" in after and "某市民爆器材有限公司.docx" in after
    # The merged print file follows the list: the sample's enterprises, then 乙, 丙, 丁.
    merged = "\n".join(p.text for p in Document(str(second / "判定标准海报（合并打印）.docx")).paragraphs)
    where = [merged.find(n) for n in ("某市民爆器材有限公司", "乙企业", "丙企业", "丁企业")]
    assert -1 not in where and where == sorted(where)


def test_department_lists_are_named_by_department(sample_build):
    names = {p.stem for p in (sample_build / "部门任务清单").glob("*.docx")}
    assert {"安全生产科", "民爆行业管理科", "办公室"} <= names
    assert not [n for n in names if n[:2].isdigit()]


def test_a_deep_output_folder_gets_shortened_names_within_max_path(workspace, tmp_path):
    enterprise_list(workspace, AWKWARD)
    deep = tmp_path / ("d" * 100) / ("e" * 60)
    deep = deep / ("f" * max(1, 175 - len(str(deep))))        # about 175 characters: names must give way
    result = run_cli("-w", str(workspace), "posters", "-o", str(deep), "--date", "2025-06-01")
    assert result.returncode == 0, result.stderr
    files = list(deep.rglob("*.docx"))
    assert len(files) >= 24 + len(AWKWARD)
    assert all(len(os.path.abspath(p)) < MAX_PATH for p in files)
    assert any("…" in p.name for p in files)


def test_an_output_folder_too_deep_is_refused_before_anything_is_written(workspace, tmp_path):
    deep = tmp_path / ("d" * 120) / ("e" * 120)
    result = run_cli("-w", str(workspace), "build", "-o", str(deep))
    assert result.returncode == 3
    assert "输出文件夹的路径太长" in result.stderr and "-o" in result.stderr and "程序内部错误" not in result.stderr
    assert not deep.exists() or not any(deep.rglob("*"))


def test_office_lock_files_in_inputs_are_not_read(workspace):
    (workspace / "inputs" / "~$企业名单.xlsx").write_bytes(b"\x00locked by Excel")
    (workspace / "inputs" / "~$实施方案.yaml").write_bytes(b"\xff\xfe")
    (workspace / "inputs" / "判定标准" / "~$工贸.yaml").write_bytes(b"\x00")
    (workspace / "inputs" / "手册" / "~$全员安全生产岗位责任手册.yaml").write_bytes(b"\x00")
    result = run_cli("-w", str(workspace), "check")
    assert result.returncode == 0, result.stderr
    assert "判定标准 2 份" in result.stdout and "手册 3 本" in result.stdout and "企业 24 家" in result.stdout
