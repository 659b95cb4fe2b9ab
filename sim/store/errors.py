"""What can go wrong with the run store, said in words: each error names the file, what is
wrong and what to do. `explain(path, error)` turns any sqlite3/OS error into a `StoreError`.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

PLAY_WITHOUT_SAVING = (
    "The game can still be played without saving (at quit it offers to write the run to a file)."
)


class StoreError(Exception):
    """The store cannot be opened or used (the message says which file, why, and what to do).

    `kind` is one of 'busy', 'readonly', 'full', 'damaged', 'newer', 'older', 'io'."""

    kind = "io"

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        if kind is not None:
            self.kind = kind


def busy(path: Path) -> StoreError:
    return StoreError(
        f"{path}: the run store is in use by another salesim (it is holding a write lock). "
        "Finish or close the other game, then try again. " + PLAY_WITHOUT_SAVING,
        "busy",
    )


def readonly(path: Path) -> StoreError:
    return StoreError(
        f"{path}: the run store is read-only, so runs cannot be saved (listing and reports "
        "still work). Make the file and its folder writable, or set SALESIM_HOME to a "
        "writable folder. " + PLAY_WITHOUT_SAVING,
        "readonly",
    )


def full(path: Path) -> StoreError:
    return StoreError(
        f"{path}: the disk is full, so the run could not be saved; nothing already stored "
        "was lost. Free some space and try again. " + PLAY_WITHOUT_SAVING,
        "full",
    )


def damaged(path: Path, detail: str) -> StoreError:
    return StoreError(
        f"{path}: the run store is damaged ({detail}). Keep the file (it may be recoverable "
        f"with `sqlite3 {path.name} .recover`), move it aside (e.g. rename it to "
        f"{path.name}.damaged) and salesim starts a fresh store. " + PLAY_WITHOUT_SAVING,
        "damaged",
    )


def newer(path: Path, have: int, know: int) -> StoreError:
    return StoreError(
        f"{path}: made by a newer salesim (store schema {have}; this version knows up to "
        f"{know}). Upgrade salesim, or set SALESIM_HOME to another folder; the file was "
        "left untouched. " + PLAY_WITHOUT_SAVING,
        "newer",
    )


def explain(path: Path, e: BaseException) -> StoreError:
    """The `StoreError` for a sqlite3 or OS error raised while using the store at `path`."""
    if isinstance(e, StoreError):
        return e
    from sim.store.backend import PgError

    if isinstance(e, PgError):  # already said in words, naming the database
        return StoreError(f"{e} " + PLAY_WITHOUT_SAVING, e.kind)
    text = str(e)
    low = text.lower()
    if isinstance(e, OSError):
        if e.errno == errno.ENOSPC:
            return full(path)
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return readonly(path)
        return StoreError(
            f"{path}: cannot use the run store: {e.strerror or e}. " + PLAY_WITHOUT_SAVING
        )
    if "locked" in low or "busy" in low:
        return busy(path)
    if "readonly" in low or "read-only" in low:
        return readonly(path)
    if "full" in low:
        return full(path)
    if "unable to open" in low:
        return StoreError(
            f"{path}: cannot open the run store (the folder is missing or not accessible). "
            "Check the path, or set SALESIM_HOME to a writable folder. " + PLAY_WITHOUT_SAVING,
            "io",
        )
    if "no such table" in low or "no such column" in low:
        return damaged(path, f"part of its schema is missing: {text}")
    if isinstance(e, UnicodeError):  # a damaged page or schema text that is not UTF-8
        return damaged(path, "it holds bytes that are not text")
    if isinstance(e, sqlite3.DatabaseError):  # malformed image, not a database, I/O error
        return damaged(path, text)
    return StoreError(f"{path}: the run store failed: {text}. " + PLAY_WITHOUT_SAVING)
