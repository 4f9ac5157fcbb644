"""The 作战图 overview on the 状态 page: every task's mark from the one status engine
(model.status.plan_states) and the same charts the 作战图 books print
(charts.draw), drawn from inputs/ as they are now, so progress the clerk has just
accepted shows at once. Charts are kept in memory keyed by the inputs' bytes."""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path

CHARTS = ("actions", "donut", "timeline")
SIZES_MM = {"actions": (150, 85), "donut": (85, 85), "timeline": (240, 128)}
_cache: dict[tuple, bytes] = {}
_lock = threading.Lock()


def inputs_digest(folder: Path) -> str:
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "备份" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode("utf-8"))
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def board(inputs, as_of: dt.date) -> list[dict]:
    """One row per task, grouped by action, as the wall chart lists them."""
    from generator.model.status import plan_states

    plan = inputs.plan
    if plan is None:
        return []
    states = plan_states(plan, inputs.progress, as_of)
    rows = []
    for action in plan.actions:
        for task in action.tasks:
            s = states[task.number]
            last = s.support or s.last          # the newest report; a supporter's is named as such
            by = (last.department if last else "") or ""
            if last is not None and last is s.support:
                by = (by or "配合部门") + "（配合）"
            rows.append({"action": action.title, "number": task.number,
                         "task": task.text, "lead": task.lead, "mark": s.mark, "percent": s.percent,
                         "overdue": s.overdue, "next_due": s.next_due,
                         "last": last.text if last else "", "by": by,
                         "when": last.period.label if last else ""})
    return rows


def chart(inputs, digest: str, name: str, as_of: dt.date) -> bytes:
    from generator.charts import draw
    from generator.model.status import plan_states

    key = (digest, name, as_of)
    with _lock:
        if key in _cache:
            return _cache[key]
        plan = inputs.plan
        states = plan_states(plan, inputs.progress, as_of)
        w, h = SIZES_MM[name]
        if name == "actions":
            data = draw.status_by_action(plan, states, w, h)
        elif name == "donut":
            data = draw.completion_donut(states, w, h)
        else:
            data = draw.timeline(plan, states, inputs.progress, as_of, w, h)
        if len(_cache) > 60:
            _cache.clear()
        _cache[key] = data
        return data
