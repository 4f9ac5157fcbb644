"""A fifth workspace whose inputs are all hand-made .xlsx, as a clerk types them:
a title row above the header (merged), blank rows in the middle, trailing spaces,
full-width digits and brackets, dates typed as text (“2026.3.31”, “2026年3月31日”)
and as Excel dates, numbers stored as text, departments named by their 简称, co-led
tasks written with “、” and “/”, a 配合 column with Alt+Enter line breaks, a one-year
plan (2026) with actions “一、” and tasks “1.” / “（1）”, 64 tasks, a hidden sheet and
an extra 填表说明 sheet.

    from tests.excel_workspace import write_excel_workspace
    ws = write_excel_workspace(tmp_path / "excel")
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

CITY = "松原市"
OFFICE = "松原市工业和信息化局"
YEAR = 2026
AS_OF = dt.date(2026, 6, 20)
D = dt.datetime

# 部门名称 (with the trailing spaces a clerk leaves), 简称, 负责人, 分管领导, 联系电话 (a number)
DEPARTMENTS = [
    ("办公室 ", "办公室", "刘洋", "王局长", 4383100101),
    ("安全生产科", "安全科", "陈刚", "张副局长", 4383100102),
    ("原材料工业科", "原材料科", "赵敏", "张副局长", 4383100103),
    ("装备工业科", "装备科", "孙磊", "李副局长", 4383100104),
    ("消费品工业科", "消费品科", "周丽", "李副局长", 4383100105),
    ("中小企业服务中心", "中小企业中心", "吴昊", "王局长", 4383100106),
]
NAMES = [d[0].strip() for d in DEPARTMENTS]
SHORT = {d[0].strip(): d[1] for d in DEPARTMENTS}
WORKERS = NAMES[1:] + NAMES[:1]

ACTIONS = [
    ("一", "一、压实安全生产责任"),
    ("二", "二、开展重大事故隐患排查整治"),
    ("三", "三、提升本质安全水平"),
    ("四", "四、强化宣传教育培训"),
]
TASKS_PER_ACTION = (16, 16, 16, 16)      # 64 tasks

# Deadlines as typed into the 时限 cell (a str, or a datetime: the cell Excel makes of
# “2026/9/30”), with what the ledger's 时限解读 must say.
DEADLINES = [
    ("2026.3.31", "2026年3月31日前完成"),
    ("2026年6月30日", "2026年6月30日前完成"),
    (D(2026, 9, 30), "2026年9月30日前完成"),
    ("2026年底前", "2026年12月31日前完成"),
    ("每季度", "每季度报送一次进展（周期结束时到期）"),
    ("6月底前", "2026年6月30日前完成"),
    ("每月", "每月报送一次进展（周期结束时到期）"),
    ("长期坚持", "长期坚持至方案结束，不设完成时限"),
    ("2026年上半年", "2026年1月1日至2026年6月30日期间完成"),
    ("2026年第三季度", "2026年7月1日至2026年9月30日期间完成"),
    ("2026.5.31 ", "2026年5月31日前完成"),
]
SEPARATORS = ("、", "/")


def task_rows() -> list[dict]:
    rows = []
    number = 0
    for a, count in enumerate(TASKS_PER_ACTION):
        for k in range(count):
            number += 1
            leads = [WORKERS[number % len(WORKERS)]]
            if number % 4 == 0:
                leads.append(WORKERS[(number + 2) % len(WORKERS)])
            written = [SHORT[n] if number % 2 else n for n in leads]
            others = [WORKERS[(number + j) % len(WORKERS)] for j in (1, 3)]
            others = [o for o in dict.fromkeys(others) if o not in leads]
            marker = f"{k + 1}." if a % 2 == 0 else f"（{k + 1}）"
            deadline, meaning = DEADLINES[(number - 1) % len(DEADLINES)]
            rows.append({
                "action": a, "number": number, "leads": leads, "others": others, "meaning": meaning,
                "编号": _clerk_number(number),
                "任务内容": f"{marker}开展第{number}项{CITY}工业企业安全生产专项工作，建立问题清单和整改清单。 ",
                "牵头部门": SEPARATORS[number % 2].join(written) + (" " if number % 3 == 0 else ""),
                "配合部门": "\n".join(SHORT[o] if number % 3 == 0 else o for o in others),
                "时限": deadline,
                "成果形式": f"工作台账（第{number}项）",
            })
    return rows


def _clerk_number(number: int):
    """Task numbers as clerks leave them: a number, a number stored as text, full-width digits."""
    if number % 3 == 1:
        return number
    if number % 3 == 2:
        return str(number)
    return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


# (task, period as typed, status, percent as typed, department as typed)
PROGRESS = [
    (1, "2026Q1", "已完成", 100, None),
    (2, "2026年上半年", "推进中", "60", None),
    (3, "2026H1", "推进中", "50%", None),
    (5, D(2026, 3, 31), "推进中", 30, None),            # a report dated (Excel date)
    (5, "2026.6.15", "推进中", 60, None),               # … and one typed as text
    (7, "2026-05", "推进中", 40, None),
    (8, "2026年5月", "推进中", "４０", None),
    (9, "2026H1", "滞后", 10, None),
    (12, "2026H1", "已完成", "100", None),
    (13, "2026Q1", "推进中", 50, None),
]

HAZARD_HEADER = ["隐患编号", "企业", "行业", "部位", "隐患描述", "等级", "来源", "发现日期", "整改措施",
                 "整改资金（万元）", "责任单位", "责任人", "整改时限", "临时管控措施", "状态", "验收人",
                 "验收日期", "销号日期"]
ENTERPRISES = [
    ("松原市华鑫机械制造有限公司 ", "机械", "宁江区", "李一", "0438-6100001", "王安"),
    ("松原市恒盛食品有限公司", "轻工（食品）", "前郭县", "李二", 4386100002, "王平"),
    ("松原市瑞宏建材有限公司", "建材", "扶余市", "李三", "0438-6100003", "王宁"),
    ("吉林松原民爆器材经营有限公司", "民爆销售", "宁江区", "李四", "0438-6100004", "王静"),
]


def _hazards() -> list[list]:
    e = [r[0].strip() for r in ENTERPRISES]
    return [
        ["SY-26-001", e[0], "机械", "涂装车间", "喷漆室未设置可燃气体报警装置", "重大", "检查",
         "2026.1.8", "加装报警装置", "8", "设备部", "张一", "2026年3月31日", "停用喷漆室", "整改中",
         None, None, None],
        ["SY-26-002", e[1], "轻工（食品）", "制冷车间", "液氨制冷系统未设置紧急泄氨装置", "重大", "检查",
         D(2026, 2, 11), "增设紧急泄氨装置", 12, "动力部", "王二", D(2026, 4, 30), "专人值守", "整改中",
         None, None, None],
        [None] * len(HAZARD_HEADER),       # a blank row in the middle
        ["SY-26-003", e[2], "建材", "煤磨", "煤磨袋式收尘器未设置一氧化碳监测", "一般", "自查",
         "2026年3月2日", "加装在线监测", "1.5", "生产部", "赵四", "2026.9.30", None, "整改中",
         None, None, None],
        ["SY-26-004", e[3], "民爆销售", "炸药库", "库房内超量储存炸药", "重大", "检查",
         D(2026, 1, 15), "调拨超量炸药", 0.5, "储运部", "钱五", D(2026, 1, 31), "暂停入库", "已销号", "陈刚",
         "2026.1.28", "2026年2月3日"],
    ]


def _sheet(wb, title, header, rows, banner=None, *, blank_after=None):
    ws = wb.create_sheet(title) if wb.worksheets[0].title != "Sheet" else wb.worksheets[0]
    ws.title = title
    if banner:
        ws.append([banner])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for i, row in enumerate(rows):
        if blank_after is not None and i == blank_after:
            ws.append([])
        ws.append(list(row))
    return ws


def _plan(path: Path) -> None:
    wb = Workbook()
    info = _sheet(wb, "基本信息", ["字段", "值"], [
        ("标题 ", f"{OFFICE}2026年工业领域安全生产“五化”工作实施方案"),
        ("开始日期", "2026.1.1"),
        ("结束日期", D(2026, 12, 31)),
        ("印发机关", OFFICE),
        ("文书简称", "工业领域安全生产"),
        ("总结报送", "6月25日、12月15日"),
    ])
    info.column_dimensions["B"].width = 60
    header = ["行动编号", "行动名称", "任务编号", "任务内容", "牵头部门 ", "配合部门", "完成时限", "成果形式"]
    rows = [[ACTIONS[r["action"]][0], ACTIONS[r["action"]][1], r["编号"],
             r["任务内容"], r["牵头部门"], r["配合部门"], r["时限"], r["成果形式"]] for r in task_rows()]
    _sheet(wb, "任务", header, rows, banner=f"{OFFICE}2026年安全生产“五化”工作任务分解表", blank_after=20)
    notes = wb.create_sheet("填表说明")
    notes.append(["填表说明：牵头部门可写简称；多个部门用顿号分隔。"])
    old = wb.create_sheet("旧版任务")
    old.append(header)
    old.append(["一", "旧行动", 1, "旧任务", "安全科", None, "2025年底前", None])
    old.sheet_state = "hidden"
    wb.save(path)


def write_excel_workspace(root: Path) -> Path:
    """Write the Excel-shaped workspace under `root` (created) and return `root`."""
    inputs = root / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "单位.yaml").write_text(
        f"单位名称: {OFFICE}\n发文机关署名: {OFFICE}\n简称: 市工信局\n地区: {CITY}\n"
        "主送机关: 市安委会办公室\n隐患举报电话: 0438-6100000\n联系人: 安全生产科 陈刚\n"
        "联系人电话: 0438-3100102\n", "utf-8")
    _plan(inputs / "实施方案.xlsx")

    wb = Workbook()
    _sheet(wb, "部门", ["部门名称", "简称", "负责人", "分管领导", "联系电话"],
           [("一、局机关科室",), *DEPARTMENTS], banner=f"{OFFICE}内设机构", blank_after=4)
    wb.save(inputs / "部门.xlsx")

    wb = Workbook()
    _sheet(wb, "进展", ["任务编号", "期间", "进展情况", "状态", "完成比例"],
           [[t, p, f"第{t}项任务进展：按计划推进。", s, pc] for t, p, s, pc, _ in PROGRESS],
           banner="2026年上半年任务进展", blank_after=4)
    wb.save(inputs / "进展.xlsx")

    wb = Workbook()
    _sheet(wb, "企业名单", ["企业名称", "行业", "地区", "主要负责人", "联系电话", "安全管理人员"], ENTERPRISES,
           banner="重点企业名单")
    wb.save(inputs / "企业名单.xlsx")

    wb = Workbook()
    _sheet(wb, "隐患台账", HAZARD_HEADER, _hazards(), banner=f"{CITY}工业企业事故隐患排查治理台账")
    wb.save(inputs / "隐患台账.xlsx")
    return root
