"""`wuhua serve`: the web workbench on this PC, opened in the browser."""
from __future__ import annotations

import ipaddress
import threading
import webbrowser

import click

from generator.cli.common import say, workspace_of
from generator.errors import Refused


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；默认只有本机能打开。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, no_browser: bool) -> None:
    """在浏览器中使用：查看检查结果、上传数据、生成和下载文档、查看逾期事项（Ctrl+C 退出）。"""
    if not is_loopback(host):
        raise Refused(f"暂不支持在 {host} 上对局域网开放：各科室登录填报的账户功能尚未提供，开放后任何人都能修改数据。"
                      "请使用默认的 --host 127.0.0.1（只有本机能打开）。")
    from waitress import create_server

    from generator.web.app import create_app

    ws = workspace_of(ctx)
    server = create_server(create_app(ws), host=host, port=port, threads=8)
    url = f"http://{host}:{server.effective_port}/"
    say(f"✓ 五化文书已启动：{url}（工作区 {ws.root.resolve()}）。按 Ctrl+C 退出。")
    if not no_browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        say("已退出。")
