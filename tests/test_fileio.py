"""Atomic writes: nothing half-written, the usual permissions, clear errors."""

from __future__ import annotations

import os
import stat

import pytest

from cxkg import ExportError
from cxkg.fileio import write_atomically, write_folder_atomically


def test_written_file_has_the_content_and_umask_permissions(tmp_path):
    target = write_atomically(tmp_path / "sub" / "out.txt", "héllo\n")
    assert target.read_text(encoding="utf-8") == "héllo\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]  # no temp file left behind


def test_unwritable_target_is_one_export_error_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_atomically(blocker / "out.txt", "data")
    assert blocker.read_text() == "x"


def test_folder_swap_replaces_only_its_own_folders(tmp_path):
    folder = write_folder_atomically(tmp_path / "notes", {"a.md": "A"}, ".marker")
    assert sorted(p.name for p in folder.iterdir()) == [".marker", "a.md"]
    write_folder_atomically(folder, {"b.md": "B"}, ".marker")
    assert sorted(p.name for p in folder.iterdir()) == [".marker", "b.md"]
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("keep")
    with pytest.raises(ExportError, match="not written by cxkg"):
        write_folder_atomically(foreign, {"x.md": "X"}, ".marker")
    assert (foreign / "keep.txt").read_text() == "keep"
