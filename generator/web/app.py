"""The Flask application of `wuhua serve`: pages 工作区, 生成, 状态 for the clerk,
填报 for departments and 审核 for the clerk (web/reporting.py).

Who may see what is decided here, on the server: on 127.0.0.1 (the clerk's own PC)
the clerk's pages are open and departments sign in; on any other address every page
needs a signed-in account (`require_login`), and a department account only ever
reaches its own 填报 page. Every form carries a CSRF token bound to the session; the
session cookie is HttpOnly and SameSite=Strict; uploads are limited in size and kind
and opened defensively; downloads come only from the workspace's output/ folder.
"""
from __future__ import annotations

import datetime as dt
import hmac
import io
import os
import secrets
import zipfile
from collections import defaultdict
from pathlib import Path

from flask import Flask, abort, g, jsonify, redirect, render_template, request, send_file, session, url_for

from generator.collect import BACKUP_FOLDER
from generator.errors import WuhuaError
from generator.web import admin, outputs, overview, reporting, store
from generator.web.jobs import Builder
from generator.web.thumbnails import Busy, NoPreview, Thumbnails
from generator.web.uploads import MAX_BYTES, STEMS, replace_input
from generator.workspace import Workspace

HERE = Path(__file__).resolve().parent


OPEN_ENDPOINTS = {"login", "static"}
DEPARTMENT_ENDPOINTS = {"report", "submit_report", "logout", "login", "static"}


def create_app(workspace: Workspace, *, secret_key: bytes | None = None, require_login: bool = False,
               db_url: str | None = None) -> Flask:
    app = Flask("wuhua", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=MAX_BYTES + 64 * 1024,
    )
    builder = Builder(workspace)
    thumbs = Thumbnails(workspace.output_dir, Path(workspace.root) / ".wuhua" / "缩略图")
    engine = store.open_store(store.database_url(workspace.root, db_url))
    app.extensions["wuhua"] = {"workspace": workspace, "builder": builder, "store": engine}

    @app.before_request
    def who_is_asking():
        g.user = store.user(engine, session.get("user"))
        endpoint = request.endpoint or ""
        if endpoint in OPEN_ENDPOINTS:
            return None
        if g.user is not None and not g.user.is_clerk and endpoint not in DEPARTMENT_ENDPOINTS:
            abort(403, description="部门账户只能打开本部门的填报页面。")
        if g.user is None and (require_login or endpoint in DEPARTMENT_ENDPOINTS - {"logout"}):
            return redirect(url_for("login"))
        return None

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return session["csrf"]

    @app.before_request
    def check_csrf():
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
                abort(400, description="表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")

    @app.context_processor
    def common():
        return {"csrf_token": csrf_token, "workspace": workspace, "user": g.get("user")}

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def error_page(err):
        words = {413: f"上传的文件过大，上限 {MAX_BYTES // 1024 // 1024} MB。", 404: "没有这个页面或文件。"}
        text = getattr(err, "description", "") if err.code in (400, 403) else words.get(err.code, str(err))
        return render_template("error.html", code=err.code, message=text), err.code

    reporting.register(app, workspace, engine)
    admin.register(app, workspace, engine)

    @app.get("/")
    def home():
        return render_template("workspace.html", **workspace_view(workspace), upload=None, stems=STEMS)

    @app.post("/upload")
    def upload():
        file = request.files.get("file")
        if file is None or not file.filename:
            return render_template("workspace.html", **workspace_view(workspace), stems=STEMS,
                                   upload={"accepted": False, "name": "", "problems": ["请选择要上传的文件。"]}), 400
        workspace.inputs_dir.mkdir(parents=True, exist_ok=True)
        result = replace_input(workspace.inputs_dir, file.filename, file.read())
        status = 200 if result.accepted else 400
        return render_template("workspace.html", **workspace_view(workspace), stems=STEMS, upload=result), status

    @app.get("/build")
    def build_page():
        out = workspace.output_dir
        groups = outputs.listing(out)
        pages = {f.path: thumbs.cached_pages(out / f.path, out / f.pdf if f.pdf else None)
                 for g in groups for f in g.files if f.previewable}
        return render_template("build.html", state=builder.state, groups=groups, pages=pages,
                               libreoffice=thumbs.libreoffice(), today=dt.date.today().isoformat(),
                               year=dt.date.today().year)

    @app.post("/build")
    def start_build():
        try:
            year = int(request.form.get("year") or dt.date.today().year)
            as_of = dt.date.fromisoformat(request.form.get("as_of") or dt.date.today().isoformat())
        except ValueError:
            abort(400, description="年度或日期的格式不对。")
        pdf = request.form.get("pdf") == "1"
        if builder.start(year=year, as_of=as_of, pdf=pdf):
            store.log(engine, g.user.username if g.user else "本机", request.remote_addr or "", "生成",
                      f"{year} 年，截至 {as_of.isoformat()}{'，含 PDF' if pdf else ''}")
        return redirect(url_for("build_page"))

    @app.get("/build/status")
    def build_status():
        return jsonify(builder.state.as_json())

    def output_file(relative: str) -> Path:
        target = inside(workspace.output_dir, relative)
        if target is None or not target.is_file() or any(
                part.startswith((".", "~$")) for part in target.relative_to(workspace.output_dir.resolve()).parts):
            abort(404)
        return target

    @app.get("/download/<path:relative>")
    def download(relative: str):
        target = output_file(relative)
        return send_file(target, as_attachment=True, download_name=target.name)

    @app.get("/thumb/<path:relative>")
    def thumbnail(relative: str):
        target = output_file(relative)
        rel = target.relative_to(workspace.output_dir.resolve()).as_posix()
        entry = next((f for grp in outputs.listing(workspace.output_dir) for f in grp.files if f.path == rel), None)
        if entry is None or not entry.previewable:
            abort(404)
        try:
            png, pages = thumbs.get(target, workspace.output_dir / entry.pdf if entry.pdf else None)
        except Busy:
            response = jsonify({"pages": None, "busy": True})
            response.status_code = 503
            response.headers["Retry-After"] = "2"
            return response
        except NoPreview as exc:
            if request.args.get("info"):
                return jsonify({"pages": None, "message": str(exc)}), 404
            abort(404)
        if request.args.get("info"):
            return jsonify({"pages": pages})
        response = send_file(png, mimetype="image/png", max_age=0)
        response.headers["X-Pages"] = str(pages)
        return response

    def zip_of(paths: list[str], name: str):
        out = workspace.output_dir
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for rel in paths:
                z.write(out / rel, rel)
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name=name, mimetype="application/zip")

    @app.get("/download-all.zip")
    def download_all():
        out = workspace.output_dir
        return zip_of([p.relative_to(out).as_posix() for p in outputs.visible_files(out)], "全部文档.zip")

    @app.get("/download-set.zip")
    def download_set():
        """One kind (`kind=poster`) or one batch folder (`folder=部门任务清单`), with their PDFs."""
        kind, folder = request.args.get("kind"), request.args.get("folder")
        if not kind and not folder:
            abort(400, description="请指明要下载哪一类文档。")
        paths = outputs.members(workspace.output_dir, kind=kind or None, folder=folder or None)
        if not paths:
            abort(404)
        name = folder or outputs.label_of(kind or "")
        return zip_of(paths, f"{name}.zip")

    def read_or_none():
        """The workspace's inputs, or None when they have problems (the 工作区 page lists them)."""
        from generator.errors import InputError
        from generator.workspace import read_workspace

        try:
            return read_workspace(workspace)
        except InputError:
            return None

    def status_as_of() -> dt.date:
        try:
            return dt.date.fromisoformat(request.args.get("as_of") or dt.date.today().isoformat())
        except ValueError:
            abort(400, description="日期应写作 2025-12-10。")

    @app.get("/status")
    def status_page():
        from generator.model.due_list import due_list

        as_of = status_as_of()
        try:
            days = max(1, min(366, int(request.args.get("days") or 14)))
        except ValueError:
            abort(400, description="天数为 1～366 的整数。")
        inputs = read_or_none()
        if inputs is None:
            return redirect(url_for("home"))
        overdue, soon = due_list(inputs, as_of, days)
        chart_problem = ""
        try:
            from generator.charts import chart_font

            chart_font()
        except WuhuaError as exc:
            chart_problem = str(exc)
        return render_template("status.html", overdue=overdue, soon=soon, as_of=as_of, days=days,
                               board=overview.board(inputs, as_of), digest=overview.inputs_digest(workspace.inputs_dir),
                               charts=overview.CHARTS if inputs.plan is not None else (),
                               chart_problem=chart_problem)

    @app.get("/status/chart/<name>.png")
    def status_chart(name: str):
        if name not in overview.CHARTS:
            abort(404)
        as_of = status_as_of()
        inputs = read_or_none()
        if inputs is None or inputs.plan is None:
            abort(404)
        data = overview.chart(inputs, overview.inputs_digest(workspace.inputs_dir), name, as_of)
        response = send_file(io.BytesIO(data), mimetype="image/png", max_age=0)
        return response

    return app


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` under `folder`, or None when it would leave it (../, absolute, links)."""
    base = folder.resolve()
    try:
        target = (base / relative).resolve()
    except (OSError, ValueError):
        return None
    return target if target.is_relative_to(base) and target != base else None


def workspace_view(workspace: Workspace) -> dict:
    """Every input with its last change, and what `check` says about the whole."""
    from generator.errors import InputError
    from generator.workspace import read_workspace

    folder = workspace.inputs_dir
    files = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not any(p.startswith((".", "~$")) or p == BACKUP_FOLDER for p in rel.parts):
                changed = dt.datetime.fromtimestamp(path.stat().st_mtime)
                files.append({"name": rel.as_posix(), "changed": changed.strftime("%Y-%m-%d %H:%M"),
                              "size": path.stat().st_size})
    problems: dict[str, list[str]] = defaultdict(list)
    summary = ""
    warnings: list[str] = []
    try:
        inputs = read_workspace(workspace)
        plan = inputs.plan
        summary = (f"单位“{inputs.office.name}”，{len(plan.actions) if plan else 0} 项行动、"
                   f"{len(plan.tasks) if plan else 0} 项任务，{len(inputs.departments)} 个部门，"
                   f"{len(inputs.duties)} 条职责，企业 {len(inputs.enterprises)} 家。")
        warnings = [str(w) for w in inputs.warnings]
    except InputError as exc:
        for p in exc.sorted():
            problems[Path(str(p.location.file)).name].append(str(p))
    return {"files": files, "problems": dict(problems), "summary": summary, "warnings": warnings,
            "is_sample": not workspace.has_inputs, "pid": os.getpid()}
