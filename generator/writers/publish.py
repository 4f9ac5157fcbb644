"""Put a run's files into an output folder all or nothing, and own what was put there.

Order: take the folder's lock; remove temporary files a killed run left; work out
which files this run no longer makes (manifest); pre-flight (preflight.py); write
every new file beside its target (staging: a read-only folder or a full disk is found
here, before anything is replaced); mark the manifest "moving"; rename the staged
files into place with Ctrl-C held back, keeping a hard link to each old file so a
failure half-way puts the old ones back; remove the files no longer made; mark the
manifest complete. A SIGKILL while moving leaves the manifest "moving": the next run
says output/ is incomplete.
"""
from __future__ import annotations

import errno
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DiskFull, Interrupted, OutputProblem, os_cause
from generator.writers import manifest as mf
from generator.writers import spool
from generator.writers.output_lock import output_lock
from generator.writers.preflight import check_space, check_targets, read_only, shorten
from generator.writers.spool import Spilled

TEMP_PREFIX = ".~wuhua-"


@dataclass
class Published:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)      # made by an earlier run, no longer made
    kept: list[tuple[Path, str]] = field(default_factory=list)   # no longer made, but left (why)
    was_incomplete: bool = False                           # the run before was cut short


def clean_temporaries(root: Path) -> list[Path]:
    """Half-written files of killed runs (ours only: the .~wuhua- prefix)."""
    removed = []
    if not root.is_dir():
        return removed
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith(TEMP_PREFIX):
                path = Path(folder) / name
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    pass
    return removed


@contextmanager
def held_signals():
    """Ctrl-C and SIGTERM wait until the block ends (renames take moments), so an
    interruption never leaves old and new files mixed."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    caught: list[int] = []
    wanted = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None),
                          getattr(signal, "SIGHUP", None)) if s is not None]
    old = {}
    for s in wanted:
        try:
            old[s] = signal.signal(s, lambda num, _frame: caught.append(num))
        except (ValueError, OSError):
            pass
    try:
        yield caught
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _stale(manifest: mf.Manifest, root: Path, new: dict[str, mf.Entry], replaces: set[str]) -> list[str]:
    """Files an earlier run made that this one owns and no longer makes, plus files
    made from those (a PDF of a document that changed or went away)."""
    gone = {rel for rel, e in manifest.files.items() if e.kind in replaces and rel not in new}
    changed = {rel for rel, e in manifest.files.items() if rel in new and new[rel].sha256 != e.sha256}
    out = set(gone)
    for rel, e in manifest.files.items():
        if rel not in new and e.sources and any(s in gone or s in changed for s in e.sources):
            out.add(rel)
    return sorted(out)


def _stage(files: dict[Path, bytes | Spilled], staged: dict[Path, Path], made_dirs: list[Path]) -> None:
    """Each new file beside its target; `staged` and `made_dirs` fill as it goes, so
    whatever stops it half-way can remove exactly what it wrote."""
    for path, data in files.items():
        for folder in reversed([path.parent, *path.parent.parents]):
            if not folder.exists():
                folder.mkdir()
                made_dirs.append(folder)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
        staged[path] = Path(tmp)
        with os.fdopen(fd, "wb") as f:
            spool.write(f, data)
        os.chmod(tmp, 0o644)
    _flush_to_disk(list(staged.values()))


def _flush_to_disk(paths: list[Path]) -> None:
    """New contents reach the disk before any rename (a power cut must not leave
    empty files under old names). One sync for the lot: a fsync per file costs
    seconds for 2,000 posters."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as f:
            os.fsync(f.fileno())


def _discard(staged: dict[Path, Path], made_dirs: list[Path], root: Path, sweep: bool = True) -> None:
    for tmp in staged.values():
        try:
            tmp.unlink()
        except OSError:
            pass
    # A Ctrl-C between creating a temporary file and noting it: under the lock every
    # .~wuhua- file in the folder is this run's or a dead run's. Not after a failed
    # move: a link to an old file that could not be put back is the clerk's only copy.
    if sweep:
        clean_temporaries(root)
    for folder in reversed(made_dirs):
        try:
            folder.rmdir()
        except OSError:
            pass


def _os_problem(exc: OSError, path: Path) -> OutputProblem:
    where = exc.filename or path
    cls = DiskFull if exc.errno in (errno.ENOSPC, errno.EDQUOT) else OutputProblem
    return cls([f"{where}：{os_cause(exc)}"])


def _move(staged: dict[Path, Path]) -> list[Path]:
    """Rename every staged file into place; on a failure put every old file back.
    Returns the links to the old contents, removed once the manifest is complete
    (freeing old files' blocks is the slow part: outside the window of mixed files)."""
    done: list[tuple[Path, Path | None, bool]] = []     # (target, link to its old content, existed)
    try:
        for target, tmp in staged.items():
            backup, existed = None, target.exists()
            if existed:
                backup = target.with_name(f"{TEMP_PREFIX}old-{os.getpid()}-{len(done)}{target.suffix}")
                try:
                    os.link(target, backup)
                except OSError:
                    backup = None          # no hard links here (FAT): no way back for this one
            os.replace(tmp, target)
            done.append((target, backup, existed))
    except OSError as exc:
        restored = True
        for old_target, backup, existed in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, old_target)
                elif not existed:
                    old_target.unlink()
                else:
                    restored = False
            except OSError:
                restored = False
        problem = _os_problem(exc, target)
        problem.unchanged = restored
        if not restored:
            problem.todo = "output 中的文件可能新旧混杂，请解决上述问题后重新运行。"
        raise problem from None
    return [backup for _target, backup, _existed in done if backup is not None]


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink()
        except OSError:
            pass


def _remove(root: Path, manifest: mf.Manifest, stale: list[str], result: Published) -> None:
    folders: set[Path] = set()
    for rel in stale:
        path = root / rel
        entry = manifest.files.pop(rel)
        if not path.exists():
            continue
        if mf.file_digest(path) != entry.sha256:
            result.kept.append((path, "生成后被修改过，未删除"))
            continue
        if read_only(path):
            result.kept.append((path, "文件是只读的，未删除"))
            manifest.files[rel] = entry
            continue
        try:
            path.unlink()
            result.removed.append(path)
            folders.add(path.parent)
        except OSError as exc:
            result.kept.append((path, f"无法删除：{os_cause(exc)}"))
            manifest.files[rel] = entry
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()          # only when empty: a clerk's own file keeps it
            except OSError:
                break
            folder = folder.parent


def publish(root: Path, files: dict[Path, bytes], kinds: dict[Path, str], replaces: set[str]) -> Published:
    """Write `files` (absolute paths under root) all or nothing. `kinds` names each
    file's document kind; every earlier file of a kind in `replaces` that this run
    does not make is removed."""
    with output_lock(root):
        return _publish(root, files, kinds, replaces)


def _publish(root: Path, files: dict[Path, bytes], kinds: dict[Path, str], replaces: set[str]) -> Published:
    clean_temporaries(root)
    manifest = mf.load(root)
    result = Published(was_incomplete=manifest.incomplete)
    new = {mf.relative(p, root): mf.Entry(kinds[p], data.sha256 if isinstance(data, Spilled) else mf.digest(data))
           for p, data in files.items()}
    stale = _stale(manifest, root, new, replaces)
    problems = check_targets(root, list(files))
    if problems:
        raise OutputProblem(problems)
    check_space(root, sum(len(d) for d in files.values()))

    staged: dict[Path, Path] = {}
    made_dirs: list[Path] = []
    try:
        _stage(files, staged, made_dirs)
    except KeyboardInterrupt:
        _discard(staged, made_dirs, root)
        raise Interrupted("output 中原有文件未改动。") from None
    except OSError as exc:
        _discard(staged, made_dirs, root)
        where = Path(exc.filename) if exc.filename else root
        raise _os_problem(exc, where) from None
    except BaseException:
        _discard(staged, made_dirs, root)
        raise

    with held_signals() as caught:
        before = mf.Manifest(dict(manifest.files), manifest.state, set(manifest.interrupted))
        manifest.state = mf.MOVING
        manifest.interrupted |= replaces | {e.kind for e in new.values()}
        try:
            mf.save(root, manifest)
            backups = _move(staged)
        except OSError as exc:
            _discard(staged, made_dirs, root)
            raise _os_problem(exc, root / mf.MANIFEST_NAME) from None
        except OutputProblem:
            _discard(staged, made_dirs, root, sweep=False)
            try:
                mf.save(root, before)
            except OSError:
                pass
            raise
        _remove(root, manifest, stale, result)
        manifest.files.update(new)
        manifest.files = {rel: e for rel, e in manifest.files.items() if (root / rel).is_file()}
        manifest.interrupted = before.interrupted - replaces
        manifest.state = mf.COMPLETE
        try:
            mf.save(root, manifest)
        except OSError:
            pass       # the files are in place; the next run finds the manifest "moving"
    _unlink_all(backups)
    result.written = list(files)
    if caught:
        raise Interrupted("本次生成的文件已全部写入 output。")
    return result


def write_single(path: Path, data: bytes) -> None:
    """One file named by -o, anywhere: checked first, then written whole."""
    problems = check_targets(path.parent, [path])
    if problems:
        raise OutputProblem(problems)
    check_space(path.parent, len(data))
    from generator.writers.atomic import write_bytes

    try:
        write_bytes(path, data)
    except OSError as exc:
        raise _os_problem(exc, path) from None


def record(root: Path, made: dict[Path, tuple[str, list[Path]]]) -> None:
    """Enter files made outside publish (PDFs, print files) into the manifest, each
    with the files it was made from, so a later run can tell when it is out of date."""
    with output_lock(root):
        manifest = mf.load(root)
        for path, (kind, sources) in made.items():
            rel = mf.relative(path, root)
            digest = mf.file_digest(path)
            if rel is None or digest is None:
                continue
            rels = tuple(r for r in (mf.relative(s, root) for s in sources) if r is not None)
            manifest.files[rel] = mf.Entry(kind, digest, rels)
        mf.save(root, manifest)


__all__ = ["Published", "publish", "record", "write_single", "clean_temporaries", "shorten"]
