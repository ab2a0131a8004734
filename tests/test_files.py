"""Atomic writes: all or nothing."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from app.files import atomic_write


def test_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "messages.po"
    target.write_bytes(b"old")
    target.chmod(0o600)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["messages.po"]


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "messages.po"
    target.write_bytes(b"complete catalog")

    def crash(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"half")
    assert target.read_bytes() == b"complete catalog"
    assert os.listdir(tmp_path) == ["messages.po"]


def test_a_device_or_pipe_is_written_to_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "report"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(fifo, b"merged catalog\n")
    reader.join(10)
    assert received == [b"merged catalog\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not a regular file
    atomic_write(Path(os.devnull), b"nothing")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
