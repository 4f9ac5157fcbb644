"""账户管理: the clerk creates department accounts, resets passwords and disables
accounts in the browser (`wuhua serve --add-user` still works). Every change is an
audit entry; the last active clerk account cannot be disabled, so the office never
locks itself out of a server on the network."""
from __future__ import annotations

import re

from flask import abort, g, render_template, request

from generator.web import store

USERNAME = re.compile(r"^[\w.\-@]{2,64}$")
MIN_PASSWORD = 8


def register(app, workspace, engine) -> None:
    def departments() -> list[str]:
        from generator.errors import InputError
        from generator.workspace import read_workspace

        try:
            return [d.name for d in read_workspace(workspace).departments]
        except InputError:
            return []

    def actor() -> str:
        return g.user.username if g.user else "本机"

    def page(message: str = "", problems: list[str] | None = None, status: int = 200, form: dict | None = None):
        return render_template("admin.html", users=store.all_users(engine), departments=departments(),
                               message=message, problems=problems or [], form=form or {},
                               log=store.audit_log(engine, 40), min_password=MIN_PASSWORD), status

    def password_problems(password: str, again: str) -> list[str]:
        out = []
        if len(password) < MIN_PASSWORD:
            out.append(f"密码：至少 {MIN_PASSWORD} 位。")
        if password != again:
            out.append("密码：两次输入不一致。")
        return out

    @app.get("/admin")
    def admin():
        return page()

    @app.post("/admin/users")
    def create_user():
        form = {k: (request.form.get(k) or "").strip() for k in ("username", "role", "department")}
        password, again = request.form.get("password") or "", request.form.get("password2") or ""
        problems = []
        if not USERNAME.match(form["username"]):
            problems.append("用户名：2～64 个字符，只用字母、数字、汉字和 . - _ @，不含空格。")
        elif store.exists(engine, form["username"]):
            problems.append(f"用户名：“{form['username']}”已存在。要换密码请在下表中“重设密码”。")
        clerk = form["role"] == store.CLERK
        if form["role"] not in (store.CLERK, store.DEPARTMENT):
            problems.append("账户类型：只能是 部门填报 或 办公室。")
        known = departments()
        if not clerk and form["department"] not in known:
            choices = "、".join(known) or "（部门 数据有误，先在工作区改正）"
            problems.append(f"部门：“{form['department']}”不是 部门 中登记的部门。可选：{choices}")
        problems += password_problems(password, again)
        if problems:
            return page(problems=problems, status=400, form=form)
        store.add_user(engine, form["username"], password, department=None if clerk else form["department"],
                       clerk=clerk)
        who = "办公室" if clerk else form["department"]
        store.log(engine, actor(), request.remote_addr or "", "新建账户", f"{form['username']}（{who}）")
        return page(message=f"✓ 已建立账户 {form['username']}（{who}）。")

    def target(username: str) -> store.User:
        found = next((u for u in store.all_users(engine) if u.username == username), None)
        if found is None:
            abort(404)
        return found

    @app.post("/admin/users/<username>/password")
    def reset_password(username: str):
        user = target(username)
        password, again = request.form.get("password") or "", request.form.get("password2") or ""
        problems = password_problems(password, again)
        if problems:
            return page(problems=[f"{user.username}：{p}" for p in problems], status=400)
        store.set_password(engine, user.username, password)
        store.log(engine, actor(), request.remote_addr or "", "重设密码", user.username)
        return page(message=f"✓ 已重设 {user.username} 的密码。")

    @app.post("/admin/users/<username>/disable")
    def disable_user(username: str):
        user = target(username)
        if user.is_clerk and not user.disabled and store.active_clerks(engine) <= 1:
            return page(problems=[f"{user.username} 是唯一可用的办公室账户，不能停用（否则无人能管理账户）。"],
                        status=400)
        if g.user and g.user.username == user.username:
            return page(problems=["不能停用自己正在使用的账户。"], status=400)
        store.set_disabled(engine, user.username, True)
        store.log(engine, actor(), request.remote_addr or "", "停用账户", user.username)
        return page(message=f"✓ 已停用 {user.username}：不能再登录，已登录的页面随即退出。")

    @app.post("/admin/users/<username>/enable")
    def enable_user(username: str):
        user = target(username)
        store.set_disabled(engine, user.username, False)
        store.log(engine, actor(), request.remote_addr or "", "启用账户", user.username)
        return page(message=f"✓ 已重新启用 {user.username}。")
