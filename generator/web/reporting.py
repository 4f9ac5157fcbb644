"""填报: departments sign in and report their own tasks' progress; the clerk reviews
and accepts it into inputs/进展.xlsx through the same merge as returned Excel forms
(model.reporting.merge, collect.write_progress). What a department may see and change
is decided here, on the server, from the plan: never from what the browser sends."""
from __future__ import annotations

import datetime as dt

from flask import abort, g, redirect, render_template, request, session, url_for

from generator.errors import Collector, InputError, Location, WuhuaError, problem
from generator.model.progress import ProgressEntry, Status
from generator.web import store

FIELDS = ("text", "status", "percent", "result", "note")


def current_half(day: dt.date):
    from generator.model.summary import HalfYear

    return HalfYear.due_next(day)


def chosen_half():
    from generator.model.summary import HalfYear

    text = request.values.get("half")
    if not text:
        return current_half(dt.date.today())
    half = HalfYear.parse(text)
    if half is None:
        abort(400, description="期间应写作 2026H1 或 2026H2。")
    return half


def register(app, workspace, engine) -> None:
    def inputs():
        from generator.workspace import read_workspace

        return read_workspace(workspace)

    def address() -> str:
        return request.remote_addr or ""

    def rows_for(department: str, half):
        from generator.model.reporting import form_rows

        data = inputs()
        if data.plan is None:
            return data, []
        return data, form_rows(data.plan, data.progress, department, half)

    @app.route("/login", methods=["GET", "POST"])
    def login():
        message = ""
        if request.method == "POST":
            name = (request.form.get("username") or "").strip()
            password = request.form.get("password") or ""
            if store.too_many_failures(engine, name, address()):
                message = "登录失败次数过多，请 10 分钟后再试。"
            else:
                who = store.sign_in(engine, name, password, address())
                if who is None:
                    message = "用户名或密码不对。"
                else:
                    session.clear()
                    session["user"] = who.username
                    return redirect(url_for("report" if not who.is_clerk else "home"))
            return render_template("login.html", message=message), 401
        return render_template("login.html", message=message)

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"))

    @app.get("/report")
    def report():
        who = g.user
        if who is None or who.is_clerk:
            return redirect(url_for("review" if who else "login"))
        half = chosen_half()
        data, rows = rows_for(who.department, half)
        earlier = {(r["task"], r["period"]): r for r in store.latest_of(engine, half.code, who.department)}
        return render_template("report.html", half=half, due=half.due_in(data.plan.report_days), rows=rows,
                               earlier=earlier, problems=[], saved=None,
                               statuses=_statuses())

    @app.post("/report")
    def submit_report():
        who = g.user
        if who is None or who.is_clerk:
            abort(403, description="只有部门账户可以填报。")
        half = chosen_half()
        data, rows = rows_for(who.department, half)
        allowed = {(r.task.number, r.period.label): r for r in rows}
        collector = Collector()
        entries = []
        for index in range(int(request.form.get("count") or 0)):
            key = (_int(request.form.get(f"r{index}_task")), request.form.get(f"r{index}_period") or "")
            values = {f: (request.form.get(f"r{index}_{f}") or "").strip() for f in FIELDS}
            if not any(values.values()):
                continue
            if key not in allowed:
                store.log(engine, who.username, address(), "越权填报", f"{who.department} 任务{key[0]} {key[1]}")
                abort(403, description=f"任务{key[0]}（{key[1]}）不是{who.department}的任务，不能填报。")
            entry = _entry(allowed[key], values, who.department, collector)
            if entry is not None:
                entries.append(entry)
        if collector.problems:
            earlier = {(r.task.number, r.period.label): {"task": r.task.number, "period": r.period.label,
                                                        **{f: request.form.get(f"r{i}_{f}") or "" for f in FIELDS}}
                       for i, r in enumerate(rows)}
            return render_template("report.html", half=half, due=half.due_in(data.plan.report_days), rows=rows, earlier=earlier, saved=None,
                                   problems=[str(p) for p in InputError(collector.problems).sorted()],
                                   statuses=_statuses()), 400
        store.submit(engine, who, address(), half.code, [_row(e) for e in entries])
        earlier = {(r["task"], r["period"]): r for r in store.latest_of(engine, half.code, who.department)}
        return render_template("report.html", half=half, due=half.due_in(data.plan.report_days), rows=rows, earlier=earlier, problems=[],
                               saved=len(entries), statuses=_statuses())

    @app.get("/review")
    def review():
        from generator.model.reporting import departments_with_tasks

        half = chosen_half()
        data = inputs()
        waiting = store.pending(engine, half.code)
        by_department: dict[str, list[dict]] = {}
        for row in waiting:
            by_department.setdefault(row["department"], []).append(row)
        names = [d.name for d in data.departments] or []
        expected = departments_with_tasks(data.plan, names) if data.plan else []
        reported = store.reported_departments(engine, half.code)
        missing = [d for d in expected if d not in reported]
        return render_template("review.html", half=half, by_department=by_department, missing=missing,
                               changes=None, log=store.audit_log(engine, 30))

    @app.post("/review/accept")
    def accept():
        from generator.collect import write_progress
        from generator.model.reporting import Reply, merge

        half = chosen_half()
        department = request.form.get("department") or ""
        rows = store.pending(engine, half.code, department)
        if not rows:
            abort(400, description=f"{department}在{half.label}没有待采纳的填报。")
        data = inputs()
        collector = Collector()
        entries = [e for e in (_entry_from_row(r, collector) for r in rows) if e is not None]
        if collector.problems:
            abort(400, description="；".join(str(p) for p in collector.problems))
        result = merge(data.progress, [Reply(department, half.code, tuple(entries), (), source="网页填报")])
        if result.needs_confirmation and request.form.get("confirm") != "1":
            return render_template("review.html", half=half, by_department={department: rows}, missing=[],
                                   changes=[c.describe() for c in result.changes], confirm_department=department,
                                   log=[])
        try:
            write_progress(workspace, data, result, now=dt.datetime.now())
        except WuhuaError as exc:
            return render_template("error.html", code=exc.exit_code, message="\n".join(exc.lines())), 409
        store.mark_accepted(engine, [r["id"] for r in rows], g.user or store.User("本机", store.CLERK, None),
                            request.remote_addr or "", f"{department} {half.code} {len(rows)} 行")
        return redirect(url_for("review", half=half.code))


def _statuses() -> list[str]:
    return [s.value for s in Status]


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _entry(row, values: dict, department: str, collector: Collector):
    """The same checks as a returned Excel form (readers.progress_forms.FORM_COLUMNS)."""
    from generator.readers.progress_forms import FORM_COLUMNS
    from generator.readers.records import Record, to_model

    where = f"任务{row.task.number}（{row.period.label}）"
    record_values = {"task": row.task.number, "period": row.period.label,
                     **{k: (v if v != "" else None) for k, v in values.items()}}
    locations = {k: Location("网页填报", place=f"{where}") for k in record_values}
    record = Record(record_values, locations, Location("网页填报", place=where))
    return to_model(ProgressEntry, record, FORM_COLUMNS, collector, drop=("ms_date", "ms_text", "role"),
                    department=department, role=row.role)


def _row(entry) -> dict:
    return {"task": entry.task, "period": entry.period.label, "role": entry.role, "text": entry.text,
            "status": entry.status.value, "percent": entry.percent, "result": entry.result, "note": entry.note}


def _entry_from_row(row: dict, collector: Collector):
    """A stored row back as a progress entry (checked when it was stored; checked again)."""
    try:
        return ProgressEntry(task=row["task"], period=row["period"], text=row["text"], status=row["status"],
                             percent=row["percent"], result=row["result"] or "", note=row["note"] or "",
                             department=row["department"], role=row["role"])
    except ValueError as exc:
        collector.add(problem(Location("网页填报", place=f"任务{row['task']}（{row['period']}）"), str(exc)))
        return None
