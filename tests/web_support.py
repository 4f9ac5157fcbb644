"""What the web tests share: the app served by waitress on a free loopback port (in
this process, or as `wuhua serve` in its own), accounts, an HTTP client that keeps
cookies and CSRF tokens like a browser, and one chromium for the whole session
(Debian's, driven by Playwright; each test gets a fresh context, so no cookies or
pages leak between tests). Registered as a plugin in tests/conftest.py."""
from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
HALF = "2026H1"
PASSWORD = "correct horse 1"


# --- the server ------------------------------------------------------------------------

def serve(workspace: Path, *, require_login: bool) -> Served:
    """The app in this process on a free loopback port; `.close()` it at the end.
    Twelve threads: enough for ten departments submitting at once."""
    from waitress import create_server

    from generator.web.app import create_app
    from generator.workspace import Workspace

    srv = create_server(create_app(Workspace(workspace), require_login=require_login), host="127.0.0.1", port=0,
                        threads=12)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    return Served(srv, thread)


class Served:
    """A waitress server running in a thread of this process.

    Waitress's own `close()` closes its wake-up pipe while worker threads may still be
    answering (a slow thumbnail, say); each then writes b"x" to the pipe's old
    descriptor number, which by then belongs to whatever file the next test opened —
    a copied 发文.yaml gained an "x" and was refused as malformed YAML. So the workers
    are let finish first, then the loop is stopped, then its descriptors are closed."""

    def __init__(self, srv, thread: threading.Thread):
        self.srv, self.thread = srv, thread

    @property
    def effective_port(self) -> int:
        return self.srv.effective_port

    def close(self) -> None:
        self.srv.task_dispatcher.shutdown(cancel_pending=True, timeout=300)
        # The loop ends when its map is empty; emptied from inside the loop, nothing is
        # closed under it, and the descriptors are closed once it has stopped.
        served: dict = {}

        def stop_loop():
            served.update(self.srv._map)
            self.srv._map.clear()

        self.srv.trigger.pull_trigger(stop_loop)
        self.thread.join(60)
        assert not self.thread.is_alive(), "the test server did not stop"
        for dispatcher in served.values():
            dispatcher.close()


def url_of(srv) -> str:
    return f"http://127.0.0.1:{srv.effective_port}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server_process(workspace: Path, port: int) -> subprocess.Popen:
    """`wuhua serve` as a process of its own (in its own session, so a test can kill it
    with everything it started), returned once it accepts connections."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "-w", str(workspace), "serve", "--no-browser",
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode())


# --- accounts ----------------------------------------------------------------------------

def departments_with_rows(workspace: Path):
    """The workspace's inputs and the departments whose form for HALF has rows."""
    from generator.model.reporting import form_rows
    from generator.model.summary import HalfYear
    from generator.workspace import read_inputs

    inputs = read_inputs(workspace / "inputs")
    half = HalfYear.parse(HALF)
    with_rows = [d.name for d in inputs.departments if form_rows(inputs.plan, inputs.progress, d.name, half)]
    return inputs, with_rows


def add_accounts(workspace: Path) -> list[str]:
    """A clerk account “office” and one account “dept<i>” per department with rows;
    returns those departments in account order."""
    from generator.web import store

    _, departments = departments_with_rows(workspace)
    engine = store.open_store(store.database_url(workspace))
    store.add_user(engine, "office", PASSWORD, department=None, clerk=True)
    for i, name in enumerate(departments):
        store.add_user(engine, f"dept{i}", PASSWORD, department=name, clerk=False)
    return departments


# --- fixtures ----------------------------------------------------------------------------

@pytest.fixture
def server(workspace):
    """On loopback without accounts, serving a copy of the sample workspace: (url, workspace)."""
    srv = serve(workspace, require_login=False)
    yield url_of(srv), workspace
    srv.close()


@pytest.fixture
def site(workspace):
    """On a network address (sign-in required), the sample's inputs only:
    (url, workspace, departments with accounts)."""
    departments = add_accounts(workspace)
    srv = serve(workspace, require_login=True)
    yield url_of(srv), workspace, departments
    srv.close()


@pytest.fixture
def built_workspace(workspace, sample_build):
    """The sample workspace with the shared build's output/ (copied: tests may add to it).
    Not `built`: several test modules have a fixture of that name of their own."""
    shutil.copytree(sample_build, workspace / "output")
    return workspace


@pytest.fixture
def office(built_workspace):
    """As `site`, over a workspace that has been built: (url, workspace, departments)."""
    departments = add_accounts(built_workspace)
    srv = serve(built_workspace, require_login=True)
    yield url_of(srv), built_workspace, departments
    srv.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("WUHUA_REQUIRE_LIBREOFFICE"):
            pytest.fail("chromium is required here (apt-get install chromium)")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                             "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page in a context of its own (cookies, downloads) at a laptop's size."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    yield context.new_page()
    context.close()


def sign_in(page, url: str, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto(url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button:has-text('登录')")


# --- HTTP without a browser --------------------------------------------------------------

class Client:
    """A browser-like HTTP client: cookies, CSRF token from the last page."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self._url(path)))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        data = urllib.parse.urlencode({"csrf": self.token, **fields}).encode()
        return self._open(urllib.request.Request(self._url(path), data=data))

    def get_bytes(self, path: str) -> tuple[int, bytes, dict]:
        """A download: status, body and headers, the CSRF token left as it was."""
        try:
            with self.opener.open(self._url(path), timeout=300) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def _url(self, path: str) -> str:
        return self.base + urllib.parse.quote(path, safe="/?=&%")

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as r:
                status, body = r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read().decode("utf-8")
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        if m:
            self.token = m.group(1)
        return status, body

    def sign_in(self, name: str, password: str = PASSWORD) -> int:
        self.get("/login")
        status, body = self.post("/login", {"username": name, "password": password})
        return status


def request_status(url: str, data: bytes | None = None) -> int:
    """The status of one request without cookies or token (as a script would send it)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def report_fields(body: str, text: str, status: str = "推进中", percent: str = "50") -> dict:
    """Fill the first row of the department's form as a person would."""
    count = int(re.search(r'name="count" value="(\d+)"', body).group(1))
    task = re.search(r'name="r0_task" value="(\d+)"', body).group(1)
    period = re.search(r'name="r0_period" value="([^"]+)"', body).group(1)
    return {"count": str(count), "r0_task": task, "r0_period": period, "r0_text": text, "r0_status": status,
            "r0_percent": percent}
