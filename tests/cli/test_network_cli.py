"""`explorer network`: each format written; bad input is one line on stderr and no file."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtGui import QImage


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", "network", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def test_every_format(tmp_path: Path) -> None:
    for name in ("net.png", "net.svg", "net.gexf", "net.graphml"):
        done = run([name, "--date", "2003-06-01", "--size", "800x500"], cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == name
    assert QImage(str(tmp_path / "net.png")).size().toTuple() == (800, 500)
    assert "<path" in (tmp_path / "net.svg").read_text(encoding="utf-8")
    gexf, graphml = nx.read_gexf(tmp_path / "net.gexf"), nx.read_graphml(tmp_path / "net.graphml")
    for graph in (gexf, graphml):
        assert graph.has_edge("USA", "UZB")
        assert all(d.get("type") for *_, d in graph.edges(data=True))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.gexf", "net.graphml", "net.png",
                                                          "net.svg"]


def test_without_a_date_the_gexf_is_dynamic(tmp_path: Path) -> None:
    done = run(["all.gexf", "--no-memberships"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    graph = nx.read_gexf(tmp_path / "all.gexf")
    assert graph.graph["mode"] == "dynamic"
    assert "membership" not in {d["type"] for *_, d in graph.edges(data=True)}


@pytest.mark.parametrize("args, words", [
    (["net.tiff"], "choose an output ending in .png, .svg, .gexf, .graphml"),
    (["net.png", "--date", "2003-13-01"], "not a real date"),
    (["net.gexf", "--date", "June 2003"], "--date takes"),
    (["net.png", "--layout", "spiral"], "invalid choice"),
    ([], "OUT"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args, words) -> None:
    done = run(args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", ["missing/net.png", "missing/net.gexf"])
def test_unwritable_output_exits_nonzero_and_writes_nothing(tmp_path: Path, out: str) -> None:
    done = run([out, "--date", "2003"], cwd=tmp_path)
    assert done.returncode == 1
    assert "does not exist" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_select_lights_an_actor_and_names_it(tmp_path: Path) -> None:
    done = run(["net.svg", "--date", "2003-06-01", "--select", "uzb"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ns = {"svg": "http://www.w3.org/2000/svg"}
    uzb = ET.parse(tmp_path / "net.svg").getroot().find(".//svg:g[@id='UZB']", ns)
    assert "#111111" in ET.tostring(uzb, encoding="unicode")  # the selection's ring
    assert [t.text for t in uzb.iter("{http://www.w3.org/2000/svg}text")] == ["Uzbekistan"]
    done = run(["net.png", "--select", "ATLANTIS"], cwd=tmp_path)
    assert done.returncode == 2 and "'ATLANTIS' is not an actor" in done.stderr  # usage
    assert not (tmp_path / "net.png").exists()


def test_a_small_image_without_room_for_the_legend_says_so(tmp_path: Path) -> None:
    done = run(["small.png", "--date", "2003-06-01", "--size", "420x300"], cwd=tmp_path)
    assert done.returncode == 0 and "legend" in done.stderr and "left out" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    roomy = run(["roomy.png", "--date", "2003-06-01", "--size", "1000x700"], cwd=tmp_path)
    assert roomy.returncode == 0 and roomy.stderr.strip() == ""
