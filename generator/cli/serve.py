"""`wuhua serve`: the web workbench on this PC, opened in the browser."""
from __future__ import annotations

import click

from generator.cli.common import say, workspace_of
from generator.errors import Refused


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        import ipaddress

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secret_key(root) -> bytes:
    """Kept in the workspace so that signed-in departments stay signed in across restarts."""
    import os
    import secrets

    path = root / ".wuhua" / "secret"
    if path.is_file() and len(path.read_bytes()) >= 32:
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只有本机能打开。局域网使用（如 0.0.0.0）时每个页面都需要登录。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="填报数据库（默认工作区的 .wuhua/填报.sqlite；也可用 SQLAlchemy 地址，如 postgresql://…）。")
@click.option("--add-user", "add_user", default=None, metavar="用户名", help="新建或重设一个账户（随后输入密码），然后退出。")
@click.option("--department", default=None, help="与 --add-user 合用：账户所属部门（部门填报账户）。")
@click.option("--clerk", is_flag=True, help="与 --add-user 合用：办公室（管理员）账户，可审核采纳各部门填报。")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, no_browser: bool, db_url: str | None, add_user: str | None,
          department: str | None, clerk: bool) -> None:
    """在浏览器中使用：检查和上传数据、生成和下载文档、查看逾期事项、各部门填报进展（Ctrl+C 退出）。"""
    from generator.web import store

    ws = workspace_of(ctx)
    engine = store.open_store(store.database_url(ws.root, db_url))
    if add_user:
        _add_user(ctx, engine, add_user, department, clerk)
        return
    if not is_loopback(host) and not store.has_users(engine):
        raise Refused(f"要在 {host} 上对局域网开放，先建立办公室账户：wuhua serve --add-user 用户名 --clerk，"
                      "以及各部门账户：wuhua serve --add-user 用户名 --department 部门名称。")
    from waitress import create_server

    from generator.web.app import create_app

    app = create_app(ws, secret_key=secret_key(ws.root), require_login=not is_loopback(host), db_url=db_url)
    server = create_server(app, host=host, port=port, threads=8)
    url = f"http://{host}:{server.effective_port}/"
    say(f"✓ 五化文书已启动：{url}（工作区 {ws.root.resolve()}）。按 Ctrl+C 退出。")
    if not no_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        say("已退出。")


def _add_user(ctx: click.Context, engine, username: str, department: str | None, clerk: bool) -> None:
    from generator.web import store
    from generator.workspace import read_workspace

    if clerk == bool(department):
        raise Refused("请用 --department 部门名称 建立部门账户，或用 --clerk 建立办公室账户（二者选一）。")
    if department:
        inputs = read_workspace(workspace_of(ctx))
        known = [d.name for d in inputs.departments]
        if known and department not in known:
            raise Refused(f"“{department}”不是 部门 中登记的部门。可用的部门：{'、'.join(known)}")
    password = click.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")
    if len(password) < 8:
        raise Refused("密码至少 8 位。")
    store.add_user(engine, username, password, department=department, clerk=clerk)
    say(f"✓ 已建立账户 {username}（{'办公室' if clerk else department}）。")
