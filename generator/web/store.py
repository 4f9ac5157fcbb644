"""Accounts, submissions with their full history, failed sign-ins and the audit log,
in a SQL database: SQLite in the workspace by default (WAL, so ten departments
submitting at once wait for each other instead of failing), any database SQLAlchemy
knows by URL for a bureau that runs one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, event,
                        func, insert, inspect, select, text, update)
from sqlalchemy.engine import Engine

DB_FILE = ".wuhua/填报.sqlite"
CLERK, DEPARTMENT = "clerk", "department"
PENDING, ACCEPTED, REPLACED = "待采纳", "已采纳", "已被新填报替换"
FAILURE_WINDOW = dt.timedelta(minutes=10)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20

metadata = MetaData()
users = Table("users", metadata,
              Column("id", Integer, primary_key=True),
              Column("username", String(64), unique=True, nullable=False),
              Column("department", String(128)),
              Column("role", String(16), nullable=False),
              Column("password_hash", String(256), nullable=False),
              Column("created_at", DateTime, nullable=False),
              Column("disabled", Boolean, nullable=False, default=False, server_default="0"))
submissions = Table("submissions", metadata,
                    Column("id", Integer, primary_key=True),
                    Column("department", String(128), nullable=False, index=True),
                    Column("half", String(8), nullable=False, index=True),     # 2026H1
                    Column("task", Integer, nullable=False),
                    Column("period", String(32), nullable=False),              # the row's own period label
                    Column("role", String(8), nullable=False),
                    Column("text", Text, nullable=False),
                    Column("status", String(8), nullable=False),
                    Column("percent", Integer),
                    Column("result", Text, nullable=False, default=""),
                    Column("note", Text, nullable=False, default=""),
                    Column("submitted_by", String(64), nullable=False),
                    Column("submitted_at", DateTime, nullable=False),
                    Column("address", String(64), nullable=False),
                    Column("state", String(16), nullable=False),
                    Column("accepted_by", String(64)),
                    Column("accepted_at", DateTime))
failures = Table("failures", metadata,
                 Column("id", Integer, primary_key=True),
                 Column("username", String(64), nullable=False),
                 Column("address", String(64), nullable=False),
                 Column("at", DateTime, nullable=False))
audit = Table("audit", metadata,
              Column("id", Integer, primary_key=True),
              Column("at", DateTime, nullable=False),
              Column("username", String(64), nullable=False),
              Column("address", String(64), nullable=False),
              Column("action", String(32), nullable=False),
              Column("detail", Text, nullable=False))

_hasher = PasswordHasher()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class User:
    username: str
    role: str
    department: str | None
    disabled: bool = False

    @property
    def is_clerk(self) -> bool:
        return self.role == CLERK


def database_url(workspace_root: Path, url: str | None = None) -> str:
    if url:
        return url
    path = workspace_root / DB_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def open_store(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")     # readers never block the writer
            cursor.execute("PRAGMA busy_timeout=10000")   # concurrent writers wait, not fail
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    metadata.create_all(engine)
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """Databases made by an earlier version lack later columns; create_all does not add them."""
    have = {c["name"] for c in inspect(engine).get_columns("users")}
    if "disabled" not in have:
        with engine.begin() as c:
            c.execute(text("ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE"))


def add_user(engine: Engine, username: str, password: str, *, department: str | None, clerk: bool) -> None:
    """Create the account, or give an existing one this role, password and department
    (and enable it again): `wuhua serve --add-user` is also how a forgotten clerk
    password is reset."""
    with engine.begin() as c:
        exists = c.execute(select(users.c.id).where(users.c.username == username)).first()
        values = {"department": None if clerk else department, "role": CLERK if clerk else DEPARTMENT,
                  "password_hash": _hasher.hash(password), "disabled": False}
        if exists:
            c.execute(update(users).where(users.c.username == username).values(**values))
        else:
            c.execute(insert(users).values(username=username, created_at=now(), **values))


def has_users(engine: Engine) -> bool:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(users)).scalar_one() > 0


def too_many_failures(engine: Engine, username: str, address: str) -> bool:
    since = now() - FAILURE_WINDOW
    with engine.connect() as c:
        by_name = c.execute(select(func.count()).select_from(failures).where(
            failures.c.username == username, failures.c.at >= since)).scalar_one()
        by_address = c.execute(select(func.count()).select_from(failures).where(
            failures.c.address == address, failures.c.at >= since)).scalar_one()
    return by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS


def sign_in(engine: Engine, username: str, password: str, address: str) -> User | None:
    with engine.begin() as c:
        row = c.execute(select(users).where(users.c.username == username)).mappings().first()
        ok = False
        if row is not None and not row["disabled"]:
            try:
                ok = _hasher.verify(row["password_hash"], password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok:
            c.execute(insert(failures).values(username=username, address=address, at=now()))
            c.execute(insert(audit).values(at=now(), username=username, address=address, action="登录失败",
                                           detail=""))
            return None
        c.execute(insert(audit).values(at=now(), username=username, address=address, action="登录", detail=""))
        return User(row["username"], row["role"], row["department"])


def user(engine: Engine, username: str | None) -> User | None:
    if not username:
        return None
    with engine.connect() as c:
        row = c.execute(select(users).where(users.c.username == username)).mappings().first()
    # A disabled account's open sessions end with the next request.
    return User(row["username"], row["role"], row["department"]) if row and not row["disabled"] else None


def all_users(engine: Engine) -> list[User]:
    with engine.connect() as c:
        rows = c.execute(select(users).order_by(users.c.role, users.c.department, users.c.username)).mappings()
        return [User(r["username"], r["role"], r["department"], bool(r["disabled"])) for r in rows]


def exists(engine: Engine, username: str) -> bool:
    with engine.connect() as c:
        return c.execute(select(users.c.id).where(users.c.username == username)).first() is not None


def set_password(engine: Engine, username: str, password: str) -> bool:
    with engine.begin() as c:
        done = c.execute(update(users).where(users.c.username == username).values(
            password_hash=_hasher.hash(password)))
        return done.rowcount == 1


def set_disabled(engine: Engine, username: str, disabled: bool) -> bool:
    with engine.begin() as c:
        done = c.execute(update(users).where(users.c.username == username).values(disabled=disabled))
        return done.rowcount == 1


def active_clerks(engine: Engine) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(users).where(
            users.c.role == CLERK, users.c.disabled.is_(False))).scalar_one()


def log(engine: Engine, who: str, address: str, action: str, detail: str) -> None:
    with engine.begin() as c:
        c.execute(insert(audit).values(at=now(), username=who, address=address, action=action, detail=detail))


def submit(engine: Engine, who: User, address: str, half: str, rows: list[dict]) -> int:
    """Store one department's reply for a half year: its earlier pending rows of that
    half year are kept as history (marked replaced); returns the number of rows."""
    stamp = now()
    with engine.begin() as c:
        c.execute(update(submissions).where(submissions.c.department == who.department,
                                            submissions.c.half == half,
                                            submissions.c.state == PENDING).values(state=REPLACED))
        for row in rows:
            c.execute(insert(submissions).values(department=who.department, half=half, submitted_by=who.username,
                                                 submitted_at=stamp, address=address, state=PENDING, **row))
        c.execute(insert(audit).values(at=stamp, username=who.username, address=address, action="填报",
                                       detail=f"{who.department} {half} {len(rows)} 行"))
    return len(rows)


def pending(engine: Engine, half: str, department: str | None = None) -> list[dict]:
    query = select(submissions).where(submissions.c.half == half, submissions.c.state == PENDING)
    if department is not None:
        query = query.where(submissions.c.department == department)
    with engine.connect() as c:
        return [dict(r) for r in c.execute(query.order_by(submissions.c.department, submissions.c.task,
                                                          submissions.c.id)).mappings()]


def latest_of(engine: Engine, half: str, department: str) -> list[dict]:
    """The department's most recent reply for the half year, pending or accepted."""
    with engine.connect() as c:
        rows = [dict(r) for r in c.execute(select(submissions).where(
            submissions.c.half == half, submissions.c.department == department,
            submissions.c.state != REPLACED).order_by(submissions.c.id)).mappings()]
    if not rows:
        return []
    last = max(r["submitted_at"] for r in rows)
    return [r for r in rows if r["submitted_at"] == last]


def mark_accepted(engine: Engine, ids: list[int], who: User, address: str, detail: str) -> None:
    with engine.begin() as c:
        c.execute(update(submissions).where(submissions.c.id.in_(ids)).values(
            state=ACCEPTED, accepted_by=who.username, accepted_at=now()))
        c.execute(insert(audit).values(at=now(), username=who.username, address=address, action="采纳",
                                       detail=detail))


def reported_departments(engine: Engine, half: str) -> set[str]:
    with engine.connect() as c:
        return {r[0] for r in c.execute(select(submissions.c.department).where(
            submissions.c.half == half, submissions.c.state != REPLACED).distinct())}


def audit_log(engine: Engine, limit: int = 200) -> list[dict]:
    with engine.connect() as c:
        return [dict(r) for r in c.execute(select(audit).order_by(audit.c.id.desc()).limit(limit)).mappings()]
