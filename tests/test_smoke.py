from docx import Document


def test_build_sample_writes_the_year_task_list(sample_build):
    doc = Document(sample_build / "2025年度任务清单.docx")
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "民爆行业贯彻落实《民用爆炸物品安全管理条例》" in text
