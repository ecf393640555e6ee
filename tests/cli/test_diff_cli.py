"""`explorer diff`: the JSON shape of docs/diff.md, text grouped by actor, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", "diff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_the_seed_story_as_json(tmp_path: Path) -> None:
    done = run(["--from", "2005-01-01", "--to", "2013-01-01", "--select", "UZB", "--json"],
               tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    found = json.loads(done.stdout)
    assert list(found) == ["version", "from", "to", "select", "changes", "by_actor", "sources"]
    assert (found["version"], found["from"], found["to"], found["select"]) == (
        1, "2005-01-01", "2013-01-01", ["UZB"])
    keys = {"subject", "change", "record", "text", "actors", "before", "after", "date",
            "sources"}
    assert all(set(change) == keys for change in found["changes"])
    steps = {(c["record"], c["change"], c["after"], c["date"]) for c in found["changes"]}
    assert ("base_karshi_khanabad", "closed", None, "2005-11-21") in steps  # K2 closed
    csto = [c for c in found["changes"] if c["subject"] == "membership"
            and "CSTO" in c["actors"]]
    assert [(c["after"], c["date"]) for c in csto] == [("member", "2006-06-23"),
                                                       ("suspended", "2012-06-28")]
    assert any(c["subject"] == "membership" and "GUAM" in c["actors"] and c["change"] == "left"
               for c in found["changes"])
    for change in found["changes"]:
        assert "UZB" in change["actors"]
        assert change["sources"] and all(s in found["sources"] for s in change["sources"])
    assert found["by_actor"] == {"UZB": list(range(len(found["changes"])))}


def test_text_is_grouped_by_actor_and_bad_input_is_one_line(tmp_path: Path) -> None:
    done = run(["--from", "2005", "--to", "2013", "--select", "uzb"], tmp_path)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "What changed from 2005-01-01 to 2013-01-01"
    assert lines[2] == "Uzbekistan (UZB)"
    assert any("Karshi-Khanabad" in line and "closed" in line for line in lines)
    bad = run(["--from", "2005", "--to", "2013", "--select", "NOPE"], tmp_path)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1
    assert "NOPE is not an actor" in bad.stderr
    missing = run(["--from", "2005"], tmp_path)
    assert missing.returncode == 2 and "--to" in missing.stderr
