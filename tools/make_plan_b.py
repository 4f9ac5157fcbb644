"""Write tests/data/plan_b: a plan shaped unlike the sample, for tests that must not
depend on it. 10 actions, 60 tasks, 13 departments (none named as in the sample,
section rows in 部门.xlsx), co-led tasks with every separator, every 时限 form, a
2025–2027 period, and the same plan as 实施方案.yaml and xlsx/实施方案.xlsx.

    python tools/make_plan_b.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from generator.writers.xlsx import workbook_bytes  # noqa: E402

OUT = ROOT / "tests" / "data" / "plan_b"

DEPARTMENTS = [
    # 部门名称, 简称, 负责人, 分管领导
    ("综合科", "", "甲一", "丙局长"),
    ("运行监测协调科", "运行科", "甲二", "丁副局长"),
    ("产业发展科", "产业科", "甲三", "丁副局长"),
    ("节能与综合利用科", "节能科", "甲四", "戊副局长"),
    ("科技与质量科", "科技科", "甲五", "戊副局长"),
    ("中小企业服务科", "中小企业科", "甲六", "戊副局长"),
    ("电子信息产业科", "电子科", "甲七", "己副局长"),
]
SECOND_SECTION = [
    ("软件和信息服务科", "软件科", "乙一", "己副局长"),
    ("无线电管理科", "无线电科", "乙二", "己副局长"),
    ("化工医药产业科", "化工科", "乙三", "丁副局长"),
    ("冶金建材产业科", "冶金科", "乙四", "丁副局长"),
    ("机械装备产业科", "机械科", "乙五", "戊副局长"),
    ("应急管理办公室", "应急办", "乙六", "丙局长"),
]
NAMES = [d[0] for d in DEPARTMENTS + SECOND_SECTION]
ALIASES = {d[0]: d[1] for d in DEPARTMENTS + SECOND_SECTION if d[1]}

# Every 时限 form the grammar accepts, cycled over the tasks.
DEADLINES = [
    "2025年底前", "2026年6月底前", "2025年9月30日前", "2027-03-31", "三年内", "2025年第三季度",
    "2026年上半年", "2026年6月", "2025年度", "2025年底前启动，2027年底前完成", "2026年底前完成并长期坚持",
    "2025年底前完成，2026年底前全面完成", "每月", "每两个月", "每季度", "每半年", "每年", "长期", "长期坚持",
    "持续推进", "常态化", "每半年，2026年底前",
]
SEPARATORS = ["、", "，", "/", "\n", "；"]
TOPICS = ["危险化学品企业", "工贸企业", "民用无人机生产企业", "锂电池生产企业", "粉尘涉爆企业", "涉氨制冷企业",
          "有限空间作业", "金属冶炼企业", "化工园区", "电子厂房"]


def plan_data() -> dict:
    actions = []
    number = 0
    for a in range(10):
        tasks = []
        for _ in range(6):
            number += 1
            lead_names = [NAMES[number % 13]]
            if number % 4 == 0:    # co-led, written with one of the separators
                lead_names.append(NAMES[(number + 5) % 13])
            shown = [ALIASES.get(n, n) if number % 3 == 0 else n for n in lead_names]
            others = [NAMES[(number + k) % 13] for k in (2, 7)]
            task = {
                "编号": number,
                "任务内容": f"{TOPICS[a]}第{number}项专项工作：组织排查整治并建立台账，推动问题闭环销号。",
                "牵头部门": SEPARATORS[number % len(SEPARATORS)].join(shown),
                "责任部门": "、".join(o for o in others if o not in lead_names),
                "时限": DEADLINES[(number - 1) % len(DEADLINES)],
                "成果形式": f"专项工作台账{number}",
            }
            tasks.append(task)
        actions.append({"编号": "一二三四五六七八九十"[a] if a < 9 else "十",
                        "名称": f"开展{TOPICS[a]}安全整治行动", "任务": tasks})
    return {
        "标题": "某县工业领域安全生产专项整治行动方案（2025—2027年）",
        "开始日期": "2025-01-01",
        "结束日期": "2027-12-31",
        "印发机关": "某县工业和信息化局",
        "文书简称": "工业领域安全生产专项整治",
        "行动": actions,
    }


def write_yaml(data: dict) -> None:
    text = ("# 测试用方案：与示例不同的形状（10个行动、60项任务、联合牵头、各种时限写法）。\n"
            "# 由 tools/make_plan_b.py 生成，请勿手工修改。\n")
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    (OUT / "实施方案.yaml").write_text(text, "utf-8")


def write_plan_xlsx(data: dict) -> None:
    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    info.append(["字段", "值"])
    for key in ("标题", "开始日期", "结束日期", "印发机关", "文书简称"):
        info.append([key, data[key]])
    ws = wb.create_sheet("任务")
    ws.append(["行动编号", "行动名称", "任务编号", "任务内容", "牵头部门", "责任部门", "时限", "成果形式"])
    for action in data["行动"]:
        for t in action["任务"]:
            ws.append([action["编号"], action["名称"], t["编号"], t["任务内容"], t["牵头部门"], t["责任部门"],
                       t["时限"], t["成果形式"]])
    # Beside the YAML it would be a second 实施方案: kept in its own folder.
    (OUT / "xlsx").mkdir(exist_ok=True)
    (OUT / "xlsx" / "实施方案.xlsx").write_bytes(workbook_bytes(wb))


def write_departments() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "部门"
    ws.append(["部门名称", "简称", "负责人", "分管领导"])
    ws.append(["一、局机关科室"])
    for row in DEPARTMENTS:
        ws.append(list(row))
    ws.append(["二、直属单位及办公室"])
    for row in SECOND_SECTION:
        ws.append(list(row))
    (OUT / "部门.xlsx").write_bytes(workbook_bytes(wb))


# (task, period, status, percent): enough to tell done, under way and overdue apart.
PROGRESS = [
    (1, "2025H2", "已完成", 100), (2, "2025H2", "推进中", 60), (3, "2025Q3", "已完成", 100),
    (6, "2025Q3", "推进中", 40), (9, "2025H2", "已完成", 100), (10, "2025H1", "推进中", 20),
    (12, "2025H2", "推进中", 50), (13, "2025-11", "推进中", 90), (23, "2025H2", "已完成", 100),
    (31, "2025H2", "滞后", 30),
]


def write_progress() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "进展"
    ws.append(["任务编号", "期间", "进展情况", "状态", "完成比例"])
    for task, period, status, percent in PROGRESS:
        ws.append([task, period, f"任务{task}：{period}报送的进展情况。", status, percent])
    (OUT / "进展.xlsx").write_bytes(workbook_bytes(wb))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "单位.yaml").write_text("单位名称: 某县工业和信息化局\n发文机关署名: 某县工业和信息化局\n"
                                   "主送机关: 县安委会办公室\n隐患举报电话: 0000-1234567\n", "utf-8")
    data = plan_data()
    write_yaml(data)
    write_plan_xlsx(data)
    write_departments()
    write_progress()


if __name__ == "__main__":
    main()
