"""The input workbooks `wuhua init` writes, made hard to fill wrongly (issue 15):
a dropdown on every closed vocabulary (状态, 等级, 来源, 部门 from the department
list; 行业 as suggestions), date and number checks with Chinese input messages, a
frozen header and a comment on every header cell explaining the column with an
example. `blank_workbook()` gives the same workbooks with headers only
(`wuhua init --blank`).

Columns are recognised by their header text, so a workbook laid out differently
(title row above the header, columns in another order) gets the same aids.
"""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from generator.model.hazard import HazardStatus, Level, Source
from generator.model.progress import Status
from generator.writers.xlsx import HEADER_FILL
from generator.writers.xlsx_input import ColumnAid, freeze_header, header_comments, validate_columns

OPEN_ROWS = 500          # rows below the data that carry the checks, for rows clerks add
INDUSTRIES = ("民爆生产", "民爆销售", "民爆（爆破作业）", "冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸")
ANY_DATE = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def _aids(departments: tuple[str, ...]) -> dict[str, dict[str, ColumnAid]]:
    """Per input (file stem): header -> what the column accepts."""
    statuses = tuple(s.value for s in Status)
    return {
        "部门": {
            "部门名称": ColumnAid("部门名称", "本单位内设部门的全称，实施方案和清单中的部门须与此一致。", "安全生产科",
                              allow_blank=False),
            "简称": ColumnAid("简称", "实施方案中可能用到的简称或旧称，多个用顿号分隔。", "安全科、安监科"),
            "负责人": ColumnAid("负责人", "部门负责人姓名。", "王明"),
            "分管领导": ColumnAid("分管领导", "分管该部门的局领导。", "刘副局长"),
            "联系电话": ColumnAid("联系电话", "催报、联系用的电话。", "0434-3200003"),
            "主要职责": ColumnAid("主要职责", "一句话概括部门的安全生产相关职责。", "工业行业安全生产综合管理"),
        },
        "职责清单": {
            "部门/岗位": ColumnAid("部门/岗位", "部门名称（可从下拉列表选择）或岗位，如“局长（主要负责人）”。",
                               "安全生产科", choices=departments, strict=False, allow_blank=False),
            "责任人": ColumnAid("责任人", "承担该职责的人，多人用顿号分隔。", "王明"),
            "安全生产职责": ColumnAid("安全生产职责", "一条具体职责，一行一条。", "组织联合检查，督促企业落实隐患排查治理制度。",
                                  allow_blank=False),
            "履职要求/频次": ColumnAid("履职要求/频次", "做到什么程度、多久一次。", "每季度至少1次"),
            "依据": ColumnAid("依据", "法规条款或实施方案任务。", "实施方案任务3"),
        },
        "进展": {
            "任务编号": ColumnAid("任务编号", "实施方案中的任务编号。", "3", whole=(1, 9999), allow_blank=False),
            "期间": ColumnAid("期间", "进展所属期间：半年、季度、月份、全年或某一天。", "2026H1、2026Q1、2026-03"),
            "进展情况": ColumnAid("进展情况", "本期做了什么、达到什么程度。", "开展联合检查2次，发现问题11项。"),
            "状态": ColumnAid("状态", "期末任务所处状态。", "推进中", choices=statuses),
            "完成比例": ColumnAid("完成比例", "任务总体完成百分比，0～100 的整数。", "60", whole=(0, 100)),
            "成果": ColumnAid("成果", "本期形成的材料。", "联合检查记录2份"),
            "备注": ColumnAid("备注", "其他说明。", ""),
            "填报部门": ColumnAid("填报部门", "报送这条进展的部门（wuhua collect 自动填写，手工录入可留空）。",
                              "安全生产科", choices=departments),
            "角色": ColumnAid("角色", "该部门对任务是牵头还是配合。", "牵头", choices=("牵头", "配合")),
            "时间节点": ColumnAid("时间节点", "节点日期。", "2026-06-30", date=ANY_DATE),
            "节点内容": ColumnAid("节点内容", "到该日期要完成的事项。", "全面推广模板"),
        },
        "实施方案": {
            "行动编号": ColumnAid("行动编号", "行动的序号，中文或阿拉伯数字。", "一", allow_blank=False),
            "行动名称": ColumnAid("行动名称", "行动的名称（同一行动的各行相同）。", "开展全面深化落实“三管三必须”责任行动",
                              allow_blank=False),
            "任务编号": ColumnAid("任务编号", "任务的序号，全方案内不重复。", "1", whole=(1, 9999), allow_blank=False),
            "任务内容": ColumnAid("任务内容", "实施方案中的任务原文。", "研究建立“五化”落实工作机制。", allow_blank=False),
            "牵头部门": ColumnAid("牵头部门", "牵头的部门，须是“部门”表中的名称或简称；共同牵头用顿号分隔。", "安全生产科",
                              choices=departments, strict=False, allow_blank=False),
            "责任部门": ColumnAid("责任部门", "配合的部门，多个用顿号分隔。", "办公室、民爆行业管理科"),
            "时限": ColumnAid("时限", "完成时限或频次。", "2026年底前、2025年6月底前、每季度、长期、每半年，2026年底前",
                            allow_blank=False),
            "成果形式": ColumnAid("成果形式", "任务完成时形成的成果。", "工作机制文件"),
            "推进措施": ColumnAid("推进措施", "怎样推进。", "梳理职责，建立定期调度制度。"),
            "开始日期": ColumnAid("开始日期", "任务晚于方案开始时填写。", "2025-01-01", date=ANY_DATE),
        },
        "企业名单": {
            "企业名称": ColumnAid("企业名称", "企业全称，与营业执照一致。", "某市民爆器材有限公司", allow_blank=False),
            "行业": ColumnAid("行业", "所属行业，决定张贴哪一类判定标准；可从下拉列表选择或写得更具体。",
                            "民爆生产、轻工（食品）", choices=INDUSTRIES, strict=False, allow_blank=False),
            "地区": ColumnAid("地区", "所在县区。", "北山县"),
            "主要负责人": ColumnAid("主要负责人", "企业主要负责人。", "赵建国"),
            "联系电话": ColumnAid("联系电话", "企业联系电话。", "0434-3311001"),
            "安全管理人员": ColumnAid("安全管理人员", "企业安全管理人员。", "钱安"),
        },
        "隐患台账": {
            "隐患编号": ColumnAid("隐患编号", "台账内唯一的编号。", "YH2025-001", allow_blank=False),
            "企业": ColumnAid("企业", "存在隐患的企业（与企业名单一致）。", "某市钢铁集团有限公司", allow_blank=False),
            "行业": ColumnAid("行业", "企业所属行业。", "冶金", choices=INDUSTRIES, strict=False),
            "部位": ColumnAid("部位", "隐患所在部位或场所。", "熔炼炉"),
            "隐患描述": ColumnAid("隐患描述", "隐患的具体情况。", "冷却水系统未设置流量监测报警"),
            "等级": ColumnAid("等级", "隐患等级。", "一般", choices=tuple(v.value for v in Level)),
            "来源": ColumnAid("来源", "隐患如何发现。", "检查", choices=tuple(v.value for v in Source)),
            "发现日期": ColumnAid("发现日期", "排查发现的日期。", "2025-10-28", date=ANY_DATE),
            "整改措施": ColumnAid("整改措施", "整改要做的事。", "加装监测报警装置"),
            "整改资金(万元)": ColumnAid("整改资金（万元）", "整改投入资金，单位万元。", "7.5", decimal=(0, 100000)),
            "整改资金": ColumnAid("整改资金", "整改投入资金，单位万元。", "7.5", decimal=(0, 100000)),
            "责任单位": ColumnAid("责任单位", "负责整改的单位或部门。", "冶炼车间"),
            "责任人": ColumnAid("责任人", "整改责任人。", "蒋涛"),
            "整改时限": ColumnAid("整改时限", "整改完成期限。", "2025-11-30", date=ANY_DATE),
            "临时管控措施": ColumnAid("临时管控措施", "整改完成前的管控措施。", "专人每小时巡检"),
            "状态": ColumnAid("状态", "整改流程所处环节：整改中 → 已整改 → 已验收 → 已销号。", "整改中",
                            choices=tuple(v.value for v in HazardStatus)),
            "验收人": ColumnAid("验收人", "验收整改的人（已验收、已销号时必填）。", "周杰"),
            "验收日期": ColumnAid("验收日期", "验收日期。", "2025-06-26", date=ANY_DATE),
            "销号日期": ColumnAid("销号日期", "销号日期（已销号时必填）。", "2025-07-03", date=ANY_DATE),
        },
    }


# Headers of the blank workbooks, in the order the sample uses; (sheet, title row).
BLANK = {
    "部门": ("部门", None, ["部门名称", "简称", "负责人", "分管领导", "联系电话", "主要职责"]),
    "职责清单": ("职责清单", "安全生产职责清单", ["部门/岗位", "责任人", "安全生产职责", "履职要求/频次", "依据"]),
    "进展": ("进展", None, ["任务编号", "期间", "进展情况", "状态", "完成比例", "成果", "备注"]),
    "实施方案": ("实施方案", None, ["行动编号", "行动名称", "任务编号", "任务内容", "牵头部门", "责任部门", "时限", "成果形式",
                             "推进措施", "开始日期"]),
    "企业名单": ("企业名单", None, ["企业名称", "行业", "地区", "主要负责人", "联系电话", "安全管理人员"]),
    "隐患台账": ("隐患台账", "事故隐患排查治理台账",
             ["隐患编号", "企业", "行业", "部位", "隐患描述", "等级", "来源", "发现日期", "整改措施", "整改资金（万元）",
              "责任单位", "责任人", "整改时限", "临时管控措施", "状态", "验收人", "验收日期", "销号日期"]),
}
MILESTONE_HEADERS = ["任务编号", "时间节点", "节点内容"]


def _key(text) -> str:
    return str(text).strip().replace("（", "(").replace("）", ")").replace("*", "").replace(" ", "")


def add_input_aids(wb: Workbook, stem: str, departments: list[str] | tuple[str, ...] = ()) -> None:
    """Add comments, checks and a frozen header to every sheet of an input workbook
    whose header names known columns."""
    aids = _aids(tuple(departments))[stem]
    by_key = {_key(k): v for k, v in aids.items()}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        header_row, found = None, {}
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 5)):
            matched = {c.column: by_key[_key(c.value)] for c in row if c.value is not None and _key(c.value) in by_key}
            if len(matched) > len(found):
                header_row, found = row[0].row, matched
        if header_row is None:
            continue
        header_comments(ws, header_row, found)
        validate_columns(ws, header_row + 1, max(ws.max_row, header_row) + OPEN_ROWS, found)
        freeze_header(ws, header_row)


PLAN_FIELDS = ("标题", "开始日期", "结束日期", "印发机关", "文书简称", "行动简称", "总结报送")


def blank_workbook(stem: str, departments: list[str] | tuple[str, ...] = ()) -> Workbook:
    """The input workbook with its header (and title row) but no rows."""
    sheet, title, headers = BLANK[stem]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws["A1"].font = Font(name="黑体", size=16)
        ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    header_row = ws.max_row
    for col in range(1, len(headers) + 1):
        c = ws.cell(header_row, col)
        c.font = Font(name="黑体", size=11)
        c.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = max(10, min(40, 3 * len(headers[col - 1]) + 4))
    if stem == "进展":
        ms = wb.create_sheet("时间节点")
        ms.append(MILESTONE_HEADERS)
    if stem == "实施方案":
        # The plan's own facts (readers/plan.py): field names in A, the clerk's values in B.
        info = wb.create_sheet("基本信息")
        info.append(["字段", "值"])
        for field in PLAN_FIELDS:
            info.append([field, None])
        info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 60
    add_input_aids(wb, stem, departments)
    return wb


__all__ = ["BLANK", "INDUSTRIES", "add_input_aids", "blank_workbook"]
