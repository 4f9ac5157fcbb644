from docx import Document

from tests.conftest import run_cli


def test_build_sample_writes_the_year_task_list(tmp_path):
    result = run_cli("build", "-o", str(tmp_path), "--year", "2025")
    assert result.returncode == 0, result.stderr
    doc = Document(tmp_path / "2025年度任务清单.docx")
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "民爆行业贯彻落实《民用爆炸物品安全管理条例》" in text
