"""What the test workspaces shaped unlike the sample (tests/county_workspace.py,
tests/district_workspace.py) write alike: the workbooks (openpyxl, a banner row above
the header where a clerk's file has one), 单位.yaml and 发文.yaml, the plan as YAML,
the duty list, the hazard criteria copied from the sample and one half-year's summary
facts. Each workspace module keeps its own data; this module only writes it."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]

HAZARD_HEADER = ["隐患编号", "企业", "行业", "部位", "隐患描述", "等级", "来源", "发现日期", "整改措施",
                 "整改资金（万元）", "责任单位", "责任人", "整改时限", "临时管控措施", "状态", "验收人",
                 "验收日期", "销号日期"]
DEPARTMENT_HEADER = ["部门名称", "简称", "负责人", "分管领导", "联系电话"]
ENTERPRISE_HEADER = ["企业名称", "行业", "地区", "主要负责人", "联系电话", "安全管理人员"]


def xlsx(path: Path, title: str, rows: list, banner: str | None = None) -> None:
    """One sheet named `title`: the banner row (a title above the header), then the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    if banner:
        ws.append([banner])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


@dataclass(frozen=True)
class Office:
    name: str            # 单位名称 and 发文机关署名
    short: str           # 简称
    region: str          # 地区 (全县 / 全区 in the documents)
    recipient: str       # 主送机关
    hotline: str         # 隐患举报电话
    contact: str         # 联系人
    contact_phone: str
    address: str
    issuer: str          # 印发机关
    number: str          # the notice's 发文字号
    signed: str          # its 成文日期
    copy_to: str         # 抄送


def write_inputs(root: Path, office: Office, *, plan: dict, plan_note: str, departments: list,
                 progress_header: list[str], progress: list, enterprises: list, hazards: list,
                 duty_title, half_year: str, summary: dict) -> Path:
    """Write `root`/inputs/ from one workspace's data and return `root`. `duty_title(name)`
    is the post a department's head holds (股长, 处长, 主任 …)."""
    inputs = root / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "单位.yaml").write_text(
        f"单位名称: {office.name}\n发文机关署名: {office.name}\n简称: {office.short}\n地区: {office.region}\n"
        f"主送机关: {office.recipient}\n隐患举报电话: {office.hotline}\n联系人: {office.contact}\n"
        f"联系人电话: {office.contact_phone}\n地址: {office.address}\n", "utf-8")
    (inputs / "发文.yaml").write_text(
        f"发文机关标志: {office.name}文件\n印发机关: {office.issuer}\n印发通知:\n  发文字号: {office.number}\n"
        f"  成文日期: {office.signed}\n  抄送: {office.copy_to}\n", "utf-8")
    text = f"# {plan_note}\n" + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=200)
    (inputs / "实施方案.yaml").write_text(text, "utf-8")
    xlsx(inputs / "部门.xlsx", "部门", [DEPARTMENT_HEADER, *departments])
    xlsx(inputs / "进展.xlsx", "进展", [progress_header, *progress])
    xlsx(inputs / "企业名单.xlsx", "企业名单", [ENTERPRISE_HEADER, *enterprises])
    xlsx(inputs / "隐患台账.xlsx", "隐患台账", [HAZARD_HEADER, *hazards],
         banner=f"{office.region}工业企业事故隐患排查治理台账")
    duties = [["部门/岗位", "责任人", "安全生产职责", "履职要求/频次", "依据"]]
    for name, _, head, _, _ in departments:
        duties.append([f"{name}{duty_title(name)}", head, f"负责{name}职责范围内的安全生产工作，落实管行业必须管安全要求。",
                       "每季度至少研究1次", "《安全生产法》"])
    xlsx(inputs / "职责清单.xlsx", "职责清单", duties, banner=f"{office.name}安全生产职责清单")
    shutil.copytree(ROOT / "inputs" / "判定标准", inputs / "判定标准")
    (inputs / "总结").mkdir()
    (inputs / "总结" / f"{half_year}.yaml").write_text(
        yaml.safe_dump(summary, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    return root
