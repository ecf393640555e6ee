"""`explorer route`: a way as JSON with the sources of every leg, the sea year by year as CSV,
and one clear line (exit 2) for what cannot be asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", "route", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def test_a_way_as_json(tmp_path: Path) -> None:
    done = run(["Tashkent", "Bandar Abbas", "--date", "2000", "--modes", "rail", "--json"],
               tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    found = json.loads(done.stdout)
    [way] = found["ways"]
    assert way["places"][0] == "tashkent" and way["places"][-1] == "bandar_abbas"
    assert way["countries"] == ["UZB", "TKM", "IRN"] and "mashhad" in way["places"]
    assert all(leg["sources"] and set(leg["sources"]) <= set(found["sources"])
               for leg in way["legs"])
    assert abs(sum(leg["km"] for leg in way["legs"]) - way["km"]) < 1


def test_the_sea_year_by_year(tmp_path: Path) -> None:
    done = run(["--sea-access", "tashkent", "--from", "1995", "--to", "1997", "--modes",
                "rail", "--csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0] == "year,km,port,countries"
    # before May 1996 the railway to the sea ran only through Kazakhstan and Russia (Trans-Aral)
    assert rows[1].startswith("1995,") and rows[1].endswith(",novorossiysk,UZB KAZ RUS")
    assert rows[2].startswith("1996,") and rows[2].endswith(",bandar_abbas,UZB TKM IRN")


@pytest.mark.parametrize("args, says", [
    (["nowhere", "sea"], "'nowhere' is not a place"),
    (["tashkent", "sea", "--avoid", "XYZ"], "XYZ is not a state's ISO3 code"),
    (["tashkent", "sea", "--avoid", "TKM", "--via", "TKM"], "--via TKM is also in --avoid"),
    (["tashkent", "sea", "--date", "1980"], "the atlas runs from 1991"),
    (["tashkent", "sea", "--modes", "air"], "--modes takes rail, road, sea"),
    (["tashkent"], "give FROM and TO"),
])
def test_what_cannot_be_asked_is_one_line(tmp_path: Path, args, says) -> None:
    done = run(args, tmp_path)
    assert done.returncode == 2 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""
