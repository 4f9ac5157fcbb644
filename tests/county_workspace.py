"""A third workspace shaped unlike the sample and plan_b, for tests that must not
depend on either: a county bureau (清河县工业和信息化局) with 股 instead of 科, a
one-year plan (2026) numbered “一、…1.…” with tasks numbered on through the actions,
co-led tasks (two 牵头, several 配合, names and 简称 mixed), 45 tasks with the deadline
wordings county clerks write (“6月底前”, “每季度末”, “年底前”, “12月10日前” …), a 进展
file with done, under way, late and missing rows, enterprises of several industries
and a 隐患台账 with 重大 hazards past their deadline.

    from tests.county_workspace import write_county_workspace
    ws = write_county_workspace(tmp_path / "county")   # -> the workspace (inputs/ inside)
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.workspace_kit import Office, write_inputs


COUNTY = "清河县"
OFFICE = f"{COUNTY}工业和信息化局"
PLAN_YEAR = 2026
# The day the tests look at the plan from (`--as-of`): late in the plan's year.
AS_OF = dt.date(2026, 11, 20)

# 部门名称, 简称, 负责人, 分管领导, 联系电话
DEPARTMENTS = [
    ("综合股", "", "刘芳", "陈局长", "0315-6100001"),
    ("安全生产股", "安全股", "马骏", "王副局长", "0315-6100002"),
    ("工业经济股", "经济股", "高峰", "王副局长", "0315-6100003"),
    ("中小企业股", "中小股", "田甜", "李副局长", "0315-6100004"),
    ("节能与综合利用股", "节能股", "白雪", "李副局长", "0315-6100005"),
    ("信息化推进股", "信息股", "程远", "陈局长", "0315-6100006"),
    ("民营经济发展股", "民营股", "石磊", "李副局长", "0315-6100007"),   # leads and supports nothing
    ("县中小企业服务中心", "服务中心", "任重", "李副局长", "0315-6100008"),
]
NO_TASKS = "民营经济发展股"

# Deadlines as county clerks write them, cycled over the tasks; what each means in 2026.
DEADLINES = {
    "2026年6月底前": "2026年6月30日前完成",
    "每季度末": "每季度报送一次进展（周期结束时到期）",
    "长期坚持": "长期坚持至方案结束，不设完成时限",
    "年底前": "2026年12月31日前完成",
    "2026年第三季度": "2026年7月1日至2026年9月30日期间完成",
    "持续推进": "长期坚持至方案结束，不设完成时限",
    "12月10日前": "2026年12月10日前完成",
    "3月底前": "2026年3月31日前完成",
    "每月": "每月报送一次进展（周期结束时到期）",
    "2026年上半年": "2026年1月1日至2026年6月30日期间完成",
    "9月30日前": "2026年9月30日前完成",
    "2026年内": "2026年1月1日至2026年12月31日期间完成",
    "5月底前启动，10月底前完成": "2026年5月31日前启动；2026年10月31日前完成",
    "每半年": "每半年报送一次进展（周期结束时到期）",
    "6月底前完成并长期坚持": "2026年6月30日前完成；此后长期坚持至方案结束",
}

ACTIONS = [
    ("一、压紧压实安全生产责任", "落实"),
    ("二、深化重大事故隐患排查整治", "整治"),
    ("三、强化中小企业安全服务", "服务"),
    ("四、推进工业企业本质安全提升", "提升"),
    ("五、加强安全生产宣传培训", "培训"),
    ("六、健全安全生产工作机制", "机制"),
]
TASKS_PER_ACTION = (8, 8, 7, 8, 7, 7)    # 45 tasks, numbered 1..45 on through the actions

# Leads by task: most one department, every fourth co-led by two (one written as 简称).
WORKERS = ["安全生产股", "工业经济股", "中小企业股", "节能与综合利用股", "信息化推进股", "综合股", "县中小企业服务中心"]
SHORT = {d[0]: d[1] for d in DEPARTMENTS if d[1]}


def task_rows() -> list[dict]:
    rows = []
    number = 0
    deadlines = list(DEADLINES)
    for a, count in enumerate(TASKS_PER_ACTION):
        for _ in range(count):
            number += 1
            lead = WORKERS[number % len(WORKERS)]
            leads = [lead]
            if number % 4 == 0:
                leads.append(WORKERS[(number + 3) % len(WORKERS)])
            written = [SHORT.get(n, n) if number % 3 == 0 else n for n in leads]
            others = [WORKERS[(number + k) % len(WORKERS)] for k in (1, 2, 5)]
            others = [o for o in dict.fromkeys(others) if o not in leads]
            rows.append({
                "action": a,
                "编号": number,
                "任务内容": f"{number}.围绕{ACTIONS[a][1]}要求，组织开展第{number}项{COUNTY}工业企业安全生产专项工作，"
                            f"建立问题清单并督促整改闭环。",
                "牵头部门": "、".join(written),
                "责任部门": "、".join(others),
                "时限": deadlines[(number - 1) % len(deadlines)],
                "成果形式": f"{ACTIONS[a][1]}工作台账（第{number}项）",
            })
    return rows


def plan_data() -> dict:
    rows = task_rows()
    actions = []
    for a, (title, _) in enumerate(ACTIONS):
        tasks = [{k: v for k, v in r.items() if k != "action"} for r in rows if r["action"] == a]
        actions.append({"编号": "一二三四五六"[a], "名称": title, "任务": tasks})
    return {
        "标题": f"{OFFICE}2026年安全生产“五化”工作实施方案",
        "开始日期": f"{PLAN_YEAR}-01-01",
        "结束日期": f"{PLAN_YEAR}-12-31",
        "印发机关": OFFICE,
        "文书简称": "安全生产“五化”工作",
        "总结报送": "6月15日、12月15日",
        "行动": actions,
    }


# (task, period, status, percent): done, under way, late; every other task has no row.
PROGRESS = [
    (1, "2026H1", "已完成", 100), (2, "2026Q1", "推进中", 30), (2, "2026Q2", "推进中", 60),
    (3, "2026H1", "推进中", 50), (4, "2026H1", "滞后", 20), (5, "2026Q3", "已完成", 100),
    (7, "2026H1", "推进中", 40), (8, "2026Q1", "已完成", 100), (10, "2026H1", "已完成", 100),
    (12, "2026H1", "推进中", 70), (16, "2026H1", "滞后", 10), (17, "2026H1", "推进中", 50),
    (20, "2026H1", "已完成", 100), (22, "2026-06", "推进中", 30), (24, "2026H1", "推进中", 60),
    (31, "2026H1", "已完成", 100), (33, "2026H1", "滞后", 25), (40, "2026H1", "推进中", 80),
]

# 企业名称, 行业, 地区, 主要负责人, 联系电话, 安全管理人员
ENTERPRISES = [
    ("清河县民爆器材专营有限公司", "民爆销售", "城关镇", "赵一", "0315-6200001", "钱二"),
    ("清河县鑫达铸造有限公司", "机械（铸造）", "工业园区", "孙三", "0315-6200002", "李四"),
    ("清河县华润水泥有限公司", "建材", "北湖镇", "周五", "0315-6200003", "吴六"),
    ("清河县康宝食品有限公司", "轻工（食品）", "工业园区", "郑七", "0315-6200004", "王八"),
    ("清河县锦绣纺织有限公司", "纺织", "南关镇", "冯九", "0315-6200005", "陈十"),
    ("清河县永盛铝业有限公司", "有色", "工业园区", "褚甲", "0315-6200006", "卫乙"),
    ("清河县恒昌纸业有限公司", "轻工（造纸）", "北湖镇", "蒋丙", "0315-6200007", "沈丁"),
    ("清河县宏远钢结构有限公司", "冶金", "工业园区", "韩戊", "0315-6200008", "杨己"),
]

D = dt.datetime


def _hazards() -> list[list]:
    e = [x[0] for x in ENTERPRISES]
    return [
        # 重大, past due, still being put right: must show as overdue everywhere
        ["QH-26-01", e[1], "机械（铸造）", "熔炼车间", "熔炼炉冷却水系统未设置温度和流量监测报警", "重大", "检查",
         D(2026, 3, 5), "加装监测报警装置", 6, "设备部", "孙三", D(2026, 6, 30), "专人巡检冷却水", "整改中",
         None, None, None],
        ["QH-26-02", e[2], "建材", "煤磨系统", "煤磨袋式收尘器未设置一氧化碳监测报警", "重大", "检查",
         D(2026, 4, 12), "加装一氧化碳在线监测", 12, "生产部", "周五", D(2026, 8, 31), "每班人工检测", "整改中",
         None, None, None],
        ["QH-26-03", e[3], "轻工（食品）", "液氨车间", "人员密集场所采用氨直接蒸发制冷", "重大", "举报",
         D(2026, 5, 20), "改造为间接制冷系统", 80, "动力车间", "郑七", D(2026, 10, 31), "减少作业人员", "已整改",
         None, None, None],
        # 重大, not yet due
        ["QH-26-04", e[5], "有色", "深井铸造", "深井铸造未设置紧急排放和应急储存设施", "重大", "自查",
         D(2026, 10, 9), "增设紧急排放设施", 40, "熔铸车间", "褚甲", D(2027, 3, 31), "铸造时专人监护", "整改中",
         None, None, None],
        # 重大, closed
        ["QH-26-05", e[0], "民爆销售", "炸药库", "炸药实际储存量超过库房核定储存量", "重大", "检查",
         D(2026, 2, 10), "调拨超量炸药", 0.5, "储运部", "赵一", D(2026, 2, 28), "暂停入库", "已销号", "马骏",
         D(2026, 2, 26), D(2026, 3, 2)],
        # 一般: closed, accepted, overdue, under way
        ["QH-26-06", e[4], "纺织", "梳棉车间", "粉尘清扫制度未落实", "一般", "自查", D(2026, 3, 1), "制定清扫制度",
         0, "设备科", "冯九", D(2026, 3, 31), None, "已销号", "马骏", D(2026, 3, 28), D(2026, 4, 2)],
        ["QH-26-07", e[6], "轻工（造纸）", "制浆车间", "有限空间未设置安全警示标志", "一般", "检查", D(2026, 6, 2),
         "设置警示标志并建台账", 0.3, "生产部", "蒋丙", D(2026, 7, 15), None, "已验收", "马骏", D(2026, 7, 10), None],
        ["QH-26-08", e[7], "冶金", "行车", "起重机限位器失效", "一般", "检查", D(2026, 8, 18), "更换限位器", 0.8,
         "设备部", "韩戊", D(2026, 9, 30), "停用该行车", "整改中", None, None, None],
        ["QH-26-09", e[1], "机械（铸造）", "造型工段", "砂处理设备防护罩缺失", "一般", "自查", D(2026, 11, 2),
         "补装防护罩", 0.2, "设备部", "孙三", D(2026, 12, 15), None, "整改中", None, None, None],
    ]


def write_county_workspace(root: Path) -> Path:
    """Write the county workspace under `root` (created) and return `root`."""
    office = Office(OFFICE, "县工信局", COUNTY, "县安全生产委员会办公室", "0315-6100000", "安全生产股 马骏",
                    "0315-6100002", f"{COUNTY}人民路8号", f"{OFFICE}综合股", "清工信发〔2026〕3号", "2026年2月6日",
                    "县应急管理局")
    return write_inputs(
        root, office, plan=plan_data(),
        plan_note="测试用方案：县局、股室、一年期、县里常见的时限写法（tests/county_workspace.py 生成）。",
        departments=DEPARTMENTS, progress_header=["任务编号", "期间", "进展情况", "状态", "完成比例"],
        progress=[[t, p, f"第{t}项任务{p}进展：按计划组织实施。", s, pc] for t, p, s, pc in PROGRESS],
        enterprises=ENTERPRISES, hazards=_hazards(),
        duty_title=lambda name: "主任" if name.endswith("中心") else "股长",
        half_year="2026H2", summary={
            "主送机关": "县安全生产委员会办公室", "督导检查次数": 9, "实地指导次数": 3, "培训人次": 58, "培训覆盖率": "64%",
            "存在的问题": ["一是个别企业重大事故隐患整改逾期。"], "下步工作打算": ["一是紧盯逾期隐患，挂牌督办。"]})
