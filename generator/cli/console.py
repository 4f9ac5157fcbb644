"""Printing that never fails: the clerk's console decides what we may print.

Chinese Windows writes redirected output (and older consoles) in GBK (cp936), which
lacks some symbols we use (✓ ✗ ░ …). Both standard streams are switched to an error
handler that prints the nearest symbol the encoding has (✓→√, ✗→×), and "?" only
for what has no stand-in; a reader that went away (`| more` closed, a pipe broken)
silences the stream instead of crashing the command.
"""
from __future__ import annotations

import codecs
import os
import sys

HANDLER = "wuhua-console"

# Stand-ins, best first; each is tried against the stream's encoding in turn.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "v"), "✔": ("√", "v"), "☑": ("√", "v"),
    "✗": ("×", "x"), "✘": ("×", "x"), "☒": ("×", "x"),
    "●": ("*",), "○": ("o",), "▲": ("^",), "△": ("^",), "■": ("#",), "□": ("[ ]",),
    "◆": ("*",), "◇": ("o",), "√": ("v",), "×": ("x",),
    "█": ("#",), "░": ("□", "."), "▓": ("#",), "▒": ("□", "."),
    "—": ("-",), "–": ("-",), "…": ("...",), "⋯": ("…", "..."), "→": ("->",), "←": ("<-",),
    "↵": ("↙", "/"), "·": (".",), "½": ("1/2",),
    "“": ('"',), "”": ('"',), "‘": ("'",), "’": ("'",),
    "⚠": ("!",), "▶": ("▲", ">"), "★": ("*",), "☆": ("*",),
    "¹": ("1",), "²": ("2",), "³": ("3",),
    "\u00a0": (" ",), "\u2009": (" ",), "\u3000": ("  ",),
}


def _encodable(text: str, encoding: str) -> bool:
    try:
        codecs.encode(text, encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def stand_in(char: str, encoding: str) -> str:
    """What `char` prints as on a stream of `encoding` that cannot print it."""
    for candidate in FALLBACKS.get(char, ()):
        if _encodable(candidate, encoding):
            return candidate
    return "?"


def _handle(exc: UnicodeError):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = "".join(stand_in(c, exc.encoding) for c in exc.object[exc.start:exc.end])
    return text, exc.end


codecs.register_error(HANDLER, _handle)


def printable(text: str, encoding: str | None) -> str:
    """`text` as a stream of `encoding` will show it (for tests and previews)."""
    if not encoding:
        return text
    return codecs.encode(text, encoding, HANDLER).decode(encoding)


def prepare_streams() -> None:
    """Make stdout and stderr print anything: called once when `wuhua` starts."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:    # None under pythonw, or a test's capture object
            continue
        try:
            reconfigure(errors=HANDLER)
        except (ValueError, OSError):
            pass


def silence(stream) -> None:
    """The reader of `stream` went away: send the rest of its output nowhere, so
    neither this write nor the flush at exit raises again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def is_gone(exc: OSError) -> bool:
    """A write failed because nobody reads any more (EPIPE; EINVAL on Windows pipes)."""
    import errno

    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.EPIPE, errno.EINVAL)
