"""What the 作战图集, the wall chart and the workbook show (图表化, 挂图作战).

For every task: the concrete work, the measures, the milestones, the progress as
of a date, the form of result, the departments, the deadline and the status mark
(`model.status`). This module gathers those rows once; `battlemap_docx` and
`battlemap_xlsx` lay them out.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.documents.base import Inputs, Options
from generator.model.plan import Action, Plan, Task
from generator.model.progress import Progress
from generator.model.status import MARK_ORDER, Mark, TaskState, completion, mark_counts, plan_states
from generator.model.values import cn_number, format_date
from generator.model.wording import Text, WordingSpec

WORDING = WordingSpec("作战图", "作战图集、作战图（挂图）、作战图.xlsx", (
    Text("标题", "{{ campaign }}作战图集", "作战图集的标题（作战图.xlsx 标题去掉“集”）", ("campaign",)),
    Text("挂图标题", "{{ campaign }}作战图", "挂图的标题", ("campaign",)),
    Text("逾期提示", "逾期任务：{{ tasks }}，请责任部门抓紧推进。", "总览句后：有逾期任务时", ("tasks",)),
    Text("图例", "注：{{ marks }}。“滞后”为进展报告滞后、尚未超过时限；“逾期”为已过时限仍未完成，或按月、季度、半年、年推进的任务"
         "未按期报送进展。进展{{ as_of }}。", "作战图集和作战图.xlsx 的图例说明", ("marks", "as_of")),
    Text("时间轴说明", "注：实线框为有明确时限的任务，虚线框为按月、季度、半年、年推进的任务；框内深色部分为截至统计日已推进的时段，"
         "右侧为完成比例；◆为已到的时间节点，◇为未到的时间节点。", "时间轴图下的说明"),
    Text("挂图注", "注：{{ marks }}（已过时限仍未完成，或未按期报送进展）。数据{{ as_of }}，详见《作战图集》。",
         "挂图底部的说明", ("marks", "as_of")),
), {"campaign": ("专项行动名称", "安全生产治本攻坚三年行动"), "tasks": ("逾期任务序号", "第3项、第7项"),
    "marks": ("状态标记", "√ 已完成　● 推进中　○ 未启动　△ 滞后　▲ 逾期"), "as_of": ("统计日", "截至2025年12月10日")})


@dataclass(frozen=True)
class Row:
    """One task as every battle-map layout shows it."""

    task: Task
    state: TaskState
    milestones: list[str]
    progress: str          # latest report, with its period
    results: str           # 成果形式, then what has been achieved
    departments: str       # lead first
    status: str            # “▲ 逾期”
    percent: int
    due_note: str = ""     # the next date that counts, or how long it is overdue
    lead: str = ""         # the lead departments, each with its leader: “安全生产科（刘副局长）”
    others: str = ""       # the supporting departments: “办公室、装备工业科”

    @property
    def mark(self) -> Mark:
        return self.state.mark


@dataclass(frozen=True)
class Board:
    """Everything the three outputs show, computed once for one as-of date."""

    title: str
    office: str
    plan: Plan
    progress: Progress
    as_of: object
    states: dict[int, TaskState]
    rows: dict[int, Row]
    short_names: dict[str, str]   # department -> its shortest registered name, for the wall
    wording: object = None        # model.wording.Wording (None: built-in)

    @property
    def words(self):
        return self.wording or WORDING.builtin()

    @property
    def marks_text(self) -> str:
        return "　".join(m.label for m in MARK_ORDER)

    def short(self, department: str) -> str:
        return self.short_names.get(department, department)

    def action_rows(self, action: Action) -> list[Row]:
        return [self.rows[t.number] for t in action.tasks]

    def counts(self, action: Action | None = None) -> dict[Mark, int]:
        tasks = action.tasks if action else self.plan.tasks
        return mark_counts(self.states[t.number] for t in tasks)

    @property
    def completion(self) -> tuple[int, int]:
        return completion(self.states.values())

    @property
    def as_of_text(self) -> str:
        return f"截至{format_date(self.as_of)}"

    @property
    def years(self) -> str:
        return self.plan.years_label

    def summary(self, action: Action | None = None) -> str:
        """“共3项：√已完成2项、●推进中1项” (zero counts left out)."""
        counts = self.counts(action)
        total = sum(counts.values())
        parts = [f"{m.symbol}{m.value}{n}项" for m, n in counts.items() if n]
        return f"共{total}项：" + "、".join(parts)

    def overview_sentence(self) -> str:
        counts = self.counts()
        done, mean = self.completion
        total = sum(counts.values())
        text = (f"{self.as_of_text}，{self.years}{self.plan.work_name}{len(self.plan.actions)}项行动{total}项任务中，"
                f"已完成{counts[Mark.DONE]}项（完成率{done}%），推进中{counts[Mark.IN_PROGRESS]}项，"
                f"未启动{counts[Mark.NOT_STARTED]}项，滞后{counts[Mark.LATE]}项，逾期{counts[Mark.OVERDUE]}项；"
                f"平均推进进度{mean}%。")
        overdue = [r for r in self.rows.values() if r.mark is Mark.OVERDUE]
        if overdue:
            text += self.words.text("逾期提示", tasks="、".join(f"第{r.task.number}项" for r in overdue))
        return text


def action_heading(action: Action) -> str:
    return f"（{cn_number(action.number)}）{action.title}"


def legend_note(board: Board) -> str:
    return board.words.text("图例", marks=board.marks_text, as_of=board.as_of_text)


def _leads(task: Task, leaders: dict[str, str]) -> str:
    return "、".join(d + (f"（{leaders[d]}）" if leaders.get(d) else "") for d in task.leads)


def _departments(task: Task, leaders: dict[str, str]) -> str:
    """“牵头：安全生产科（刘副局长）↵配合：办公室、装备工业科”: who answers for it."""
    others = list(task.others)
    return f"牵头：{_leads(task, leaders)}" + (f"\n配合：{'、'.join(others)}" if others else "")


def _row(task: Task, state: TaskState, progress: Progress, leaders: dict[str, str]) -> Row:
    milestones = [f"{'◆' if m.date <= state.as_of else '◇'}{format_date(m.date)} {m.text}"
                  for m in progress.milestones_of(task.number)]
    text = "\n".join(state.report_lines(notes=True)) or "尚未报送进展"
    achieved = list(dict.fromkeys(e.result for e in progress.for_task(task.number)
                                  if e.result and e.period.start <= state.as_of))
    results = task.result_form
    if achieved:
        results = (results + "\n" if results else "") + "已形成：" + "；".join(achieved)
    status = state.mark.label
    return Row(task=task, state=state, milestones=milestones, progress=text, results=results,
               departments=_departments(task, leaders), status=status, percent=state.percent,
               due_note=due_note(state), lead=_leads(task, leaders), others="、".join(task.others))


def due_note(state: TaskState) -> str:
    """What the clerk must watch: “下一期限：2026年3月31日前报送进展”, or
    “已超期32天（应于2025年12月31日前完成）”."""
    if state.done:
        return ""
    if state.task.schedule.undetermined:
        # Said as in the ledger: a blank here would read as "nothing due".
        return "时限未定（不推算日期，不判定超期）"
    if state.next_due is None:
        return ""
    what = "完成" if state.next_due == state.deadline else "报送进展"
    if state.overdue:
        return f"已超期{state.days_overdue}天（应于{format_date(state.next_due)}前{what}）"
    return f"下一期限：{format_date(state.next_due)}前{what}"


def board(inputs: Inputs, options: Options, wording=None) -> Board:
    plan, progress = inputs.plan, inputs.progress or Progress()
    states = plan_states(plan, progress, options.as_of)
    leaders, short_names = {}, {}
    for d in inputs.departments:
        for name in (d.name, *d.aliases):
            leaders[name] = d.leader
            short_names[name] = min((d.name, *d.aliases), key=len)
    rows = {t.number: _row(t, states[t.number], progress, leaders) for t in plan.tasks}
    words = wording or WORDING.builtin()
    return Board(title=words.text("标题", campaign=plan.campaign_title), office=inputs.office.name, plan=plan,
                 progress=progress, as_of=options.as_of, states=states, rows=rows, short_names=short_names,
                 wording=wording)
