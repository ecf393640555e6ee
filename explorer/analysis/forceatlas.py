"""ForceAtlas2 (Jacomy et al. 2014), numpy-vectorized, with node and label boxes kept apart."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ForceAtlas2:
    """The settings of a run, as Gephi names them. Distances are in units of `unit` (the
    caller's typical node box), so the constants hold whatever the layout's units are."""

    iterations: int = 160
    overlap_iterations: int = 50  # the last iterations keep boxes apart ("prevent overlap")
    scaling: float = 4.0  # kr: repulsion (deg+1)(deg+1)/d against attraction d
    gravity: float = 1.0
    strong_gravity: bool = False
    linlog: bool = False  # attraction log(1+d): tighter clusters
    jitter_tolerance: float = 1.0
    max_step: float = 10.0  # the most a node moves in one iteration, in units
    tolerance: float = 1e-3  # stop once the mean move is below this, in units


def forceatlas2(edges: np.ndarray, start: np.ndarray, box: np.ndarray,
                settings: ForceAtlas2 = ForceAtlas2(), weights: np.ndarray | None = None,
                fixed: np.ndarray | None = None, unit: float = 1.0) -> np.ndarray:
    """ForceAtlas2 on n points (start, (n, 2)) joined by edges ((m, 2) indices, weights (m,)),
    each with a box about it ((n, 4) left, bottom, right, top offsets, see footprint.boxes);
    `fixed` nodes do not move.

    Why our own: networkx's forceatlas2_layout (3.4+) computes in float64 with (n, n, 2)
    temporaries, measures swing from positions instead of from the change of force (so its
    adaptive speed is not the paper's), keeps only discs apart, and pins nothing. Here, in
    float32 with (n, n) arrays: repulsion kr(deg+1)(deg+1)/d, linear or LinLog attraction,
    gravity, per-node swing and global speed as in the paper (and Gephi), and, in the last
    iterations, repulsion measured between boxes (100x while they overlap) and attraction only
    between boxes apart.
    """
    pos = np.asarray(start, np.float32) / np.float32(unit)
    n = len(pos)
    if n < 2 or settings.iterations <= 0:
        return pos.astype(float) * unit
    s = settings
    edges = np.asarray(edges, np.intp).reshape(-1, 2)
    u, v = edges[:, 0], edges[:, 1]
    w = np.ones(len(u), np.float32) if weights is None else np.asarray(weights, np.float32)
    mass = (np.bincount(u, minlength=n) + np.bincount(v, minlength=n) + 1).astype(np.float32)
    pair = np.float32(s.scaling) * np.outer(mass, mass)
    np.fill_diagonal(pair, 0.0)
    box = np.asarray(box, np.float32) / np.float32(unit)
    cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2  # box centre - node
    hw, hh = (box[:, 2] - box[:, 0]) / 2, (box[:, 3] - box[:, 1]) / 2
    apart_x, apart_y = _pairwise(cx, hw), _pairwise(cy, hh)
    moving = np.ones(n, bool) if fixed is None else ~np.asarray(fixed, bool)
    old = np.zeros_like(pos)
    speed, efficiency = 1.0, 1.0
    for it in range(s.iterations):
        apart = it >= s.iterations - s.overlap_iterations
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        if apart:
            factor = _box_repulsion(dx, dy, apart_x, apart_y, pair)
        else:
            dx *= dx
            dy *= dy
            factor = np.add(dx, dy, out=dx)
            np.maximum(factor, 1e-4, out=factor)
            np.divide(pair, factor, out=factor)
        # sum over j of factor_ij (pi - pj), as a matrix product
        force = pos * factor.sum(axis=1)[:, None] - factor @ pos
        force += _attraction(pos, u, v, w, s.linlog, (cx, cy, hw, hh) if apart
                             else None)
        force -= _gravity(pos, mass, s.gravity, s.strong_gravity)
        force[~moving] = 0.0
        swinging = mass * np.hypot(*(force - old).T)
        traction = mass * np.hypot(*(force + old).T) / 2
        speed, efficiency = _speed(n, float(swinging.sum()), float(traction.sum()), speed,
                                   efficiency, s.jitter_tolerance)
        size = np.hypot(force[:, 0], force[:, 1])
        factor_n = speed / (1.0 + np.sqrt(speed * swinging))
        if apart:
            factor_n *= 0.1
        step = np.minimum(factor_n * size, s.max_step) / np.maximum(size, 1e-9)
        move = force * step[:, None]
        pos += move
        old = force
        if it > 10 and float(np.mean(size * step)) < s.tolerance:
            break
    return pos.astype(float) * unit


def _pairwise(offset: np.ndarray, half: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Along one axis, for every two boxes: the offset of box i's centre from node i less
    box j's, and their two half extents summed."""
    return offset[:, None] - offset[None, :], half[:, None] + half[None, :]


def _box_repulsion(dx: np.ndarray, dy: np.ndarray, along_x: tuple[np.ndarray, np.ndarray],
                   along_y: tuple[np.ndarray, np.ndarray], pair: np.ndarray) -> np.ndarray:
    """kr·m·m / gap² between boxes apart, 100·kr·m·m between boxes that overlap (Gephi's
    anti-collision repulsion, with boxes for discs)."""
    gx, gy = dx + along_x[0], dy + along_y[0]
    np.abs(gx, out=gx)
    gx -= along_x[1]
    np.abs(gy, out=gy)
    gy -= along_y[1]
    overlap = (gx < 0) & (gy < 0)
    np.maximum(gx, 0, out=gx)
    np.maximum(gy, 0, out=gy)
    gx *= gx
    gy *= gy
    gx += gy
    np.maximum(gx, 1e-4, out=gx)
    np.divide(pair, gx, out=gx)
    gx[overlap] = 100.0 * pair[overlap]
    return gx


def _attraction(pos: np.ndarray, u: np.ndarray, v: np.ndarray, w: np.ndarray, linlog: bool,
                boxes: tuple[np.ndarray, ...] | None) -> np.ndarray:
    """Each edge pulls its ends together: d (or log(1+d) with LinLog), times its weight."""
    n = len(pos)
    ex, ey = pos[v, 0] - pos[u, 0], pos[v, 1] - pos[u, 1]
    pull = w.copy()
    if linlog:
        d = np.maximum(np.hypot(ex, ey), 1e-6)
        pull *= np.log1p(d) / d
    if boxes is not None:  # boxes that touch no longer attract
        cx, cy, hw, hh = boxes
        gx = np.abs(ex + cx[v] - cx[u]) - hw[u] - hw[v]
        gy = np.abs(ey + cy[v] - cy[u]) - hh[u] - hh[v]
        pull *= (gx > 0) | (gy > 0)
    out = np.empty((n, 2), np.float32)
    for axis, e in enumerate((ex * pull, ey * pull)):
        out[:, axis] = np.bincount(u, e, n) - np.bincount(v, e, n)
    return out


def _gravity(pos: np.ndarray, mass: np.ndarray, gravity: float, strong: bool) -> np.ndarray:
    """A pull to the origin: mass·g (strong: times the distance)."""
    if strong:
        return pos * (mass * gravity)[:, None]
    r = np.maximum(np.hypot(pos[:, 0], pos[:, 1]), 1e-6)
    return pos * (mass * gravity / r)[:, None]


def _speed(n: int, swinging: float, traction: float, speed: float, efficiency: float,
           jitter_tolerance: float) -> tuple[float, float]:
    """The global speed (Gephi's ForceAtlas2.java): as fast as the swinging allows."""
    optimal = 0.05 * np.sqrt(n)
    jitter = jitter_tolerance * max(np.sqrt(optimal), min(10.0, optimal * traction / n ** 2))
    if traction > 0 and swinging / traction > 2.0:
        if efficiency > 0.05:
            efficiency *= 0.5
        jitter = max(jitter, jitter_tolerance)
    target = jitter * efficiency * traction / swinging if swinging > 0 else np.inf
    if swinging > jitter * traction:
        if efficiency > 0.05:
            efficiency *= 0.7
    elif speed < 1000:
        efficiency *= 1.3
    return speed + min(target - speed, 0.5 * speed), efficiency
