"""Autosave and instances: each window writes its own autosave beside a lock naming it; only
autosaves whose owner is gone are offered; interrupted writes' temp files are cleared."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.io.autosaves import AutosaveSlot, lock_owner, lock_path, orphans
from explorer.io.processes import Owner
from explorer.io.project_file import read_project, write_project
from explorer.model.project import Project
from explorer.paths import user_data_dir
from explorer.ui.app_settings import app_settings
from explorer.ui.autosave import AUTOSAVE_MS
from tests.ui import test_project_actions
from tests.ui.test_project_actions import content, set_up

make_window = test_project_actions.make_window  # the same windows, answers and folders


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def crash(autosave: Path, pid: int) -> None:
    """Make an autosave's owner a process that is gone, as a kill -9 leaves it."""
    lock_path(autosave).write_text(json.dumps(Owner(pid, None, Owner.me().host).as_dict()))


def test_each_window_autosaves_to_a_file_of_its_own_with_a_lock(make_window, tmp_path,
                                                                 qtbot) -> None:
    first, second = make_window(), make_window()
    autosaver = first.projects.autosaver
    assert autosaver.timer.interval() == AUTOSAVE_MS == 180_000
    assert autosaver.write() is None  # nothing to save
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    assert autosaver.write() is None  # saved
    first.session.time.date = dt.date(2012, 12, 12)
    second.session.time.date = dt.date(2013, 1, 1)
    written, other = autosaver.write(), second.projects.autosaver.write()
    assert written.parent == other.parent == tmp_path / "autosave" and written != other
    assert re.fullmatch(rf"autosave-{os.getpid()}-[0-9a-f]{{8}}\.caexp", written.name)
    assert lock_owner(written) == Owner.me() and lock_owner(other) == Owner.me()
    assert read_project(written).autosave_of == str(tmp_path / "p.caexp")
    assert read_project(other).date == dt.date(2013, 1, 1)
    stamp = written.stat().st_mtime_ns
    assert autosaver.write() is None and written.stat().st_mtime_ns == stamp  # unchanged
    assert orphans(tmp_path / "autosave") == []  # both owners run
    assert not second.projects.autosaver.recover() and second.answers.asked == []


def test_a_crashed_sessions_autosave_is_offered_and_taken_over(make_window, tmp_path, qtbot,
                                                               dead_pid) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    first.session.time.date = dt.date(2012, 12, 12)
    left = first.projects.autosaver.write()
    crash(left, dead_pid)
    second = make_window()
    assert second.projects.autosaver.recover()
    qtbot.waitUntil(lambda: not second.projects.busy, timeout=30_000)
    assert content(second) == content(first)
    assert second.projects.path == tmp_path / "p.caexp" and second.projects.modified
    assert second.windowTitle() == "p* — Central Asia Explorer"
    assert read_project(tmp_path / "p.caexp").date == dt.date(2004, 5, 6)  # not saved yet
    taken = second.projects.autosaver.path
    assert not left.exists() and not lock_path(left).exists() and taken.is_file()
    assert lock_owner(taken) == Owner.me()
    second.close()  # a clean close removes what it took over
    assert not taken.exists() and not lock_path(taken).exists()


@pytest.mark.parametrize("lock", ["none", "unreadable", "dead", "reused pid"])
def test_autosaves_whose_owner_is_gone_are_orphans(tmp_path, dead_pid, lock: str) -> None:
    autosave = write_project(tmp_path / f"autosave-{dead_pid}-0123abcd.caexp", Project())
    legacy = write_project(tmp_path / "autosave.caexp", Project())  # before locks: no lock
    os.utime(legacy, (1, 1))
    parent = Owner.of(os.getppid())
    if lock == "reused pid" and parent.started is None:
        pytest.skip("no process start times here")
    owner = {"none": None, "unreadable": None, "dead": Owner(dead_pid, None, parent.host),
             "reused pid": Owner(parent.pid, "another boot:1", parent.host)}[lock]
    if owner is not None:
        lock_path(autosave).write_text(json.dumps(owner.as_dict()))
    elif lock == "unreadable":
        lock_path(autosave).write_bytes(b"\xff{")
    assert orphans(tmp_path) == [autosave, legacy]  # newest first


def test_locks_left_without_an_autosave_go_if_their_owner_is_gone(tmp_path, dead_pid) -> None:
    dead = lock_path(tmp_path / f"autosave-{dead_pid}-0123abcd.caexp")
    live = lock_path(tmp_path / f"autosave-{os.getpid()}-4567abcd.caexp")  # about to write
    other = tmp_path / "notes.caexp.lock"  # not an autosave's: never touched
    dead.write_text(json.dumps(Owner(dead_pid, None, Owner.me().host).as_dict()))
    live.write_text(json.dumps(Owner.me().as_dict()))
    other.write_text("{}")
    assert orphans(tmp_path) == []
    assert not dead.exists() and live.exists() and other.exists()


def test_an_owner_on_another_host_or_running_is_alive(dead_pid) -> None:
    assert Owner.me().alive() and Owner.of(os.getppid()).alive()
    assert Owner(dead_pid, None, "elsewhere.example").alive()  # cannot tell: keep it
    assert not Owner(dead_pid, None, Owner.me().host).alive()
    assert Owner.from_dict({"pid": True, "started": None, "host": "h"}) is None
    assert Owner.from_dict(Owner.me().as_dict()) == Owner.me()


def test_two_windows_starting_together_never_take_the_same_autosave(tmp_path, dead_pid) -> None:
    autosave = write_project(tmp_path / f"autosave-{dead_pid}-0123abcd.caexp", Project())
    crash(autosave, dead_pid)
    found = orphans(tmp_path)  # both windows listed it before either took it
    one, two = AutosaveSlot(tmp_path), AutosaveSlot(tmp_path)
    assert found == [autosave] and one.adopt(autosave) and not two.adopt(autosave)
    assert one.path.is_file() and not two.path.exists() and orphans(tmp_path) == []
    assert not lock_path(autosave).exists()
    another = write_project(tmp_path / "autosave.caexp", Project(date=dt.date(2001, 1, 1)))
    assert not one.adopt(another) and another.is_file()  # one has an autosave: not replaced
    assert read_project(one.path).date != dt.date(2001, 1, 1)


def test_declined_or_unreadable_autosaves_are_removed(make_window, tmp_path, dead_pid) -> None:
    folder = tmp_path / "autosave"
    folder.mkdir()
    declined = write_project(folder / f"autosave-{dead_pid}-0123abcd.caexp",
                             Project(date=dt.date(2001, 1, 1)))
    broken = folder / f"autosave-{dead_pid}-4567abcd.caexp"
    broken.write_bytes(b"[" * 100_000)
    crash(declined, dead_pid)
    window = make_window(folder)
    window.answers.recover = False
    assert not window.projects.autosaver.recover()
    assert window.session.date != dt.date(2001, 1, 1)
    assert [title for title, _ in window.answers.errors] == ["Autosave Not Recovered"]
    assert list(folder.iterdir()) == []


def test_the_timer_autosaves_and_a_clean_close_removes_file_and_lock(make_window,
                                                                      qtbot) -> None:
    window = make_window()
    window.projects.autosaver.timer.setInterval(20)
    window.session.time.date = dt.date(2011, 1, 1)
    autosave = window.projects.autosaver.path
    qtbot.waitUntil(autosave.is_file)
    assert lock_path(autosave).is_file()
    window.close()
    assert not autosave.exists() and not lock_path(autosave).exists()


def test_a_running_instances_autosave_is_neither_offered_nor_touched(
        make_window, running_instance_autosave, qtbot) -> None:
    window = make_window(folder=None)  # the user data folder, where another instance runs
    assert window.projects.autosave_dir == user_data_dir()
    window.projects.start([])
    assert window.answers.asked == [] and window.answers.errors == []
    window.session.time.date = dt.date(2011, 1, 1)
    own = window.projects.autosaver.write()
    assert own.parent == user_data_dir() and own not in running_instance_autosave
    window.close()
    assert not own.exists()
    assert {p: p.read_bytes() for p in running_instance_autosave} == running_instance_autosave


def test_start_clears_interrupted_writes_where_the_app_wrote(make_window, tmp_path,
                                                             dead_pid) -> None:
    folders = {name: tmp_path / name for name in ("autosave", "projects", "maps", "films")}
    for folder in folders.values():
        folder.mkdir()
    write_project(folders["projects"] / "p.caexp", Project())
    settings = app_settings()
    settings.setValue("export/last_path", str(folders["maps"] / "map.png"))
    settings.setValue("animation/path", str(folders["films"] / "csto.mp4"))
    window = make_window(folders["autosave"])
    window.projects.recent.add(folders["projects"] / "p.caexp")
    stale = [folder / f".~caexp-{dead_pid}-abcd1234-x.png" for folder in folders.values()]
    kept = [tmp_path / stale[0].name, folders["maps"] / "map.png",
            folders["maps"] / f".~caexp-{os.getpid()}-abcd1234-map.png"]
    for path in stale + kept:
        path.write_bytes(b"x" * 100)
    window.projects.start([])
    assert [path.exists() for path in stale] == [False] * 4
    assert all(path.read_bytes() == b"x" * 100 for path in kept)
