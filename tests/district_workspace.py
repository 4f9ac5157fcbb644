"""A fourth workspace shaped unlike the sample, plan_b and the county: a district
commission (青山区经济和信息化委员会, “我委”, 全区) with 处/中心 of long names whose
简称 the plan uses, a three-year plan 2025—2027 with actions numbered “第一部分” and
tasks written “（1）…”, 84 tasks, co-led tasks (two or three 牵头, written with 、 ，
/ ；), 配合 lists, deadlines in wordings the others did not use (“2025年第三季度”,
“2026年上半年”, “每两个月”, “2027年6月30日”, “2025—2026年”, “每年6月底前” …), a
进展 file with reports by lead and by 配合 departments (填报部门/角色), 240
enterprises of several industries and a 隐患台账 with 重大 hazards past due.

    from tests.district_workspace import write_district_workspace
    ws = write_district_workspace(tmp_path / "district")
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.workspace_kit import Office, write_inputs


DISTRICT = "青山区"
OFFICE = f"{DISTRICT}经济和信息化委员会"
START, END = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
YEAR = 2026
# The plan's own report day for the first half of 2026 (总结报送 6月20日、12月20日).
AS_OF = dt.date(2026, 6, 20)

# 部门名称, 简称, 负责人, 分管领导, 联系电话
DEPARTMENTS = [
    ("委办公室", "办公室", "许静", "周主任", "027-8860001"),
    ("安全生产监督管理处", "安监处", "韩立", "吴副主任", "027-8860002"),
    ("工业经济运行调节处", "运行处", "罗斌", "吴副主任", "027-8860003"),
    ("中小企业发展促进中心", "中小企业中心", "梁爽", "郑副主任", "027-8860004"),
    ("节能与资源综合利用处", "节能处", "宋洁", "郑副主任", "027-8860005"),
    ("信息化和软件服务业处", "信息化处", "唐宁", "周主任", "027-8860006"),
    ("民用爆炸物品行业管理处", "民爆处", "邓刚", "吴副主任", "027-8860007"),
    ("区工业企业安全技术服务中心", "安技中心", "彭程", "郑副主任", "027-8860008"),
]
NAMES = [d[0] for d in DEPARTMENTS]
SHORT = {d[0]: d[1] for d in DEPARTMENTS}

# Deadlines as district clerks write them, cycled over the tasks: what each means.
DEADLINES = {
    "2025年第三季度": "2025年7月1日至2025年9月30日期间完成",
    "2026年上半年": "2026年1月1日至2026年6月30日期间完成",
    "每两个月": "每两个月报送一次进展（周期结束时到期）",
    "2027年6月30日": "2027年6月30日前完成",
    "持续推进": "长期坚持至方案结束，不设完成时限",
    "2025年底前": "2025年12月31日前完成",
    "2025—2026年": "2025年1月1日至2026年12月31日期间完成",
    "每季度": "每季度报送一次进展（周期结束时到期）",
    "2025年底前启动，2027年6月底前完成": "2025年12月31日前启动；2027年6月30日前完成",
    "每年6月底前": "每年报送一次进展（每年6月30日前到期）",
    "2026年6月底前完成并持续推进": "2026年6月30日前完成；此后长期坚持至方案结束",
    "2027年": "2027年1月1日至2027年12月31日期间完成",
    "每月10日前": "每月报送一次进展（每月10日前到期）",
    "三年内": "2027年12月31日前完成",
    "2025年11月底": "2025年11月30日前完成",
    "每半年": "每半年报送一次进展（周期结束时到期）",
    "2026年一季度": "2026年1月1日至2026年3月31日期间完成",
    "常态化": "长期坚持至方案结束，不设完成时限",
    "2026年12月底前基本完成": "2026年12月31日前基本完成",
    "每年12月10日前": "每年报送一次进展（每年12月10日前到期）",
    "2026年9月": "2026年9月1日至2026年9月30日期间完成",
}

ACTIONS = [
    ("第一部分", "第一部分 压紧压实全区工业领域安全生产责任", "压责"),
    ("第二部分", "第二部分 深化重大事故隐患动态清零", "清零"),
    ("第三部分", "第三部分 提升中小企业本质安全水平", "本质安全"),
    ("第四部分", "第四部分 推进数字化安全监管", "数字监管"),
    ("第五部分", "第五部分 加强民爆行业安全监管", "民爆监管"),
    ("第六部分", "第六部分 夯实安全生产基层基础", "夯基"),
]
TASKS_PER_ACTION = (15, 14, 14, 14, 13, 14)     # 84 tasks, numbered 1..84 on through
# How co-leads are separated in the plan, cycled (a clerk's plan mixes them).
SEPARATORS = ("、", "，", "/", "；")
WORKERS = NAMES[1:] + NAMES[:1]     # 安监处 first; 委办公室 last


def task_rows() -> list[dict]:
    rows = []
    number = 0
    deadlines = list(DEADLINES)
    for a, count in enumerate(TASKS_PER_ACTION):
        for k in range(count):
            number += 1
            leads = [WORKERS[number % len(WORKERS)]]
            if number % 5 == 0:                       # co-led by two
                leads.append(WORKERS[(number + 2) % len(WORKERS)])
            if number % 15 == 0:                      # …or three
                leads.append(WORKERS[(number + 4) % len(WORKERS)])
            written = [SHORT[n] if number % 2 else n for n in leads]
            others = [WORKERS[(number + j) % len(WORKERS)] for j in (1, 3, 6)]
            others = [o for o in dict.fromkeys(others) if o not in leads]
            rows.append({
                "action": a,
                "编号": number,
                "任务内容": f"（{k + 1}）聚焦{ACTIONS[a][2]}，组织开展第{number}项{DISTRICT}工业企业安全生产专项工作，"
                            f"建立问题清单、责任清单和整改清单，督促整改闭环。",
                "牵头部门": SEPARATORS[number % len(SEPARATORS)].join(written),
                "配合部门": "、".join(SHORT[o] if number % 3 == 0 else o for o in others),
                "时限": deadlines[(number - 1) % len(deadlines)],
                "成果形式": f"{ACTIONS[a][2]}工作台账（第{number}项）",
            })
    return rows


def plan_data() -> dict:
    rows = task_rows()
    actions = []
    for a, (number, title, _) in enumerate(ACTIONS):
        tasks = [{k: v for k, v in r.items() if k != "action"} for r in rows if r["action"] == a]
        actions.append({"编号": number, "名称": title, "任务": tasks})
    return {
        "标题": f"{OFFICE}工业领域安全生产“五化”工作三年实施方案（2025—2027年）",
        "开始日期": START.isoformat(),
        "结束日期": END.isoformat(),
        "印发机关": OFFICE,
        "文书简称": "工业领域安全生产“五化”工作",
        "行动简称": "工业领域安全生产三年行动",
        "总结报送": "6月20日、12月20日",
        "行动": actions,
    }


def lead_of(number: int) -> str:
    return WORKERS[number % len(WORKERS)]


def supporter_of(number: int) -> str:
    return next(r for r in task_rows() if r["编号"] == number)["配合部门"].split("、")[0]


# (task, period, status, percent, role): the lead's report, or a 配合 department's.
PROGRESS = [
    (1, "2025H2", "已完成", 100, "牵头"), (2, "2026H1", "推进中", 50, "牵头"),
    (3, "2026-02", "推进中", 30, "牵头"), (3, "2026-04", "推进中", 60, "牵头"),
    (5, "2026H1", "推进中", 40, "牵头"), (6, "2025H2", "已完成", 100, "牵头"),
    (7, "2026H1", "推进中", 70, "牵头"), (8, "2026Q1", "推进中", 40, "牵头"),
    (9, "2026H1", "滞后", 20, "牵头"), (10, "2026H1", "已完成", 100, "配合"),   # supporter only: not done
    (11, "2026H1", "推进中", 60, "牵头"), (12, "2026H1", "推进中", 30, "牵头"),
    (14, "2025H2", "已完成", 100, "牵头"), (15, "2025H2", "已完成", 100, "牵头"),
    (17, "2026Q1", "已完成", 100, "牵头"), (19, "2026H1", "推进中", 50, "牵头"),
    (20, "2025H2", "推进中", 50, "牵头"), (20, "2026H1", "已完成", 100, "配合"),
    (22, "2025H2", "滞后", 10, "牵头"), (24, "2026-05", "推进中", 40, "牵头"),
    (26, "2025H2", "已完成", 100, "牵头"), (28, "2026H1", "推进中", 80, "牵头"),
    (29, "2026Q1", "推进中", 30, "牵头"), (31, "2026H1", "推进中", 50, "配合"),
    (33, "2026-04", "推进中", 20, "牵头"), (35, "2025H2", "已完成", 100, "牵头"),
    (40, "2026H1", "滞后", 30, "牵头"), (44, "2026H1", "推进中", 60, "牵头"),
    (47, "2025H2", "推进中", 50, "牵头"), (50, "2026Q1", "推进中", 40, "牵头"),
    (56, "2026H1", "已完成", 100, "牵头"), (61, "2026H1", "推进中", 55, "牵头"),
    (63, "2026H1", "推进中", 45, "牵头"), (70, "2026H1", "推进中", 35, "牵头"),
    (77, "2026H1", "推进中", 25, "牵头"), (80, "2026H1", "推进中", 20, "牵头"),
]

INDUSTRIES = [("民爆销售", 4), ("民爆生产", 2), ("机械", 60), ("冶金", 20), ("建材", 30), ("轻工（食品）", 40),
              ("纺织", 30), ("有色", 20), ("轻工（造纸）", 20), ("烟草", 14)]
STREETS = ["青山街道", "红钢城街道", "冶金街道", "工人村街道", "厂前街道", "钢花村街道"]
FIRMS = ["华", "鑫", "恒", "盛", "瑞", "宏", "泰", "兴", "隆", "安", "达", "德", "昌", "源", "通", "丰"]
WORDS = {"民爆销售": "民爆器材", "民爆生产": "化工", "机械": "机械制造", "冶金": "钢材", "建材": "新型建材",
         "轻工（食品）": "食品", "纺织": "纺织", "有色": "铝业", "轻工（造纸）": "纸业", "烟草": "卷烟配套"}


def enterprises() -> list[tuple]:
    rows = []
    n = 0
    for industry, count in INDUSTRIES:
        for _ in range(count):
            n += 1
            name = f"{DISTRICT}{FIRMS[n % 16]}{FIRMS[(n // 16) % 16]}{WORDS[industry]}有限公司"
            rows.append((name, industry, STREETS[n % len(STREETS)], f"负责人{n}", f"027-86{n:05d}", f"安全员{n}"))
    return rows


D = dt.datetime


def _hazards() -> list[list]:
    e = enterprises()
    by = {}
    for row in e:
        by.setdefault(row[1], row[0])
    return [
        ["QS-26-001", by["机械"], "机械", "涂装车间", "喷漆室未设置可燃气体报警装置", "重大", "检查",
         D(2026, 1, 8), "加装报警装置并联锁通风", 8, "设备部", "张一", D(2026, 3, 31), "停用喷漆室", "整改中",
         None, None, None],
        ["QS-26-002", by["冶金"], "冶金", "炼钢车间", "会议室设置在铁水吊运影响范围内", "重大", "检查",
         D(2026, 2, 11), "搬迁会议室", 30, "行政部", "王二", D(2026, 5, 31), "禁止在会议室聚集", "整改中",
         None, None, None],
        ["QS-26-003", by["轻工（食品）"], "轻工（食品）", "制冷车间", "液氨制冷系统未设置紧急泄氨装置", "重大", "举报",
         D(2026, 3, 2), "增设紧急泄氨装置", 12, "动力部", "李三", D(2026, 4, 30), "专人值守", "已整改",
         None, None, None],
        ["QS-26-004", by["建材"], "建材", "煤磨", "煤磨袋式收尘器未设置温度和一氧化碳监测", "重大", "自查",
         D(2026, 5, 20), "加装在线监测", 15, "生产部", "赵四", D(2026, 9, 30), "人工检测", "整改中",
         None, None, None],
        ["QS-26-005", by["民爆销售"], "民爆销售", "炸药库", "库房内超量储存炸药", "重大", "检查",
         D(2026, 1, 15), "调拨超量炸药", 0.5, "储运部", "钱五", D(2026, 1, 31), "暂停入库", "已销号", "邓刚",
         D(2026, 1, 28), D(2026, 2, 3)],
        ["QS-25-006", by["有色"], "有色", "熔铸车间", "熔炼炉冷却水未设置温度流量监测报警", "重大", "检查",
         D(2025, 9, 3), "加装监测报警", 6, "设备部", "孙六", D(2025, 12, 31), "专人巡检", "已验收", "韩立",
         D(2025, 12, 20), None],
        ["QS-26-007", by["纺织"], "纺织", "梳棉车间", "粉尘清扫制度未落实", "一般", "自查", D(2026, 3, 1),
         "制定清扫制度", 0, "设备科", "周七", D(2026, 3, 31), None, "已销号", "韩立", D(2026, 3, 28), D(2026, 4, 2)],
        ["QS-26-008", by["轻工（造纸）"], "轻工（造纸）", "制浆车间", "有限空间未设置警示标志", "一般", "检查",
         D(2026, 4, 2), "设置警示标志", 0.3, "生产部", "吴八", D(2026, 5, 15), None, "整改中", None, None, None],
        ["QS-26-009", by["机械"], "机械", "行车", "起重机限位器失效", "一般", "检查", D(2026, 6, 1), "更换限位器", 0.8,
         "设备部", "郑九", D(2026, 7, 30), "停用该行车", "整改中", None, None, None],
    ]


def progress_rows() -> list[list]:
    rows = []
    for task, period, status, percent, role in PROGRESS:
        dept = lead_of(task) if role == "牵头" else supporter_of(task)
        dept = SHORT.get(dept, dept) if task % 2 else dept      # short names in half the rows
        rows.append([task, period, f"第{task}项任务{period}进展：{dept}按计划推进。", status, percent, dept, role])
    return rows


def write_district_workspace(root: Path) -> Path:
    """Write the district workspace under `root` (created) and return `root`."""
    office = Office(OFFICE, "区经信委", DISTRICT, "区安全生产委员会办公室", "027-8860000", "安全生产监督管理处 韩立",
                    "027-8860002", f"{DISTRICT}和平大道1号", f"{OFFICE}办公室", "青经信〔2026〕5号", "2026年1月20日",
                    "区应急管理局")
    return write_inputs(
        root, office, plan=plan_data(),
        plan_note="测试用方案：区经信委、处/中心、三年期、第一部分/（1）编号（tests/district_workspace.py 生成）。",
        departments=DEPARTMENTS, progress_header=["任务编号", "期间", "进展情况", "状态", "完成比例", "填报部门", "角色"],
        progress=progress_rows(), enterprises=enterprises(), hazards=_hazards(),
        duty_title=lambda name: "主任" if name.endswith(("中心", "室")) else "处长",
        half_year="2026H1", summary={
            "主送机关": "区安全生产委员会办公室", "督导检查次数": 14, "实地指导次数": 6, "培训人次": 320, "培训覆盖率": "81%",
            "存在的问题": ["一是部分企业重大事故隐患整改逾期。"], "下步工作打算": ["一是对逾期隐患挂牌督办。"]})
