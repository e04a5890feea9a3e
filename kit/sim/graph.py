"""Social graphs as CSR arrays: ``indptr`` (N + 1) and ``indices`` (2E), undirected.

The graph kinds are those of MODEL.md (see ``kit/sim/RULES.md``, "Graph"). The complete graph
is never built: the engine uses mean-field formulas for it, so :func:`build_graph` returns
``None`` there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from kit.sim import rules


@dataclass(frozen=True)
class Graph:
    """An undirected graph in compressed sparse row form.

    Attributes
    ----------
    indptr : numpy.ndarray
        int64, length N + 1; the neighbours of ``i`` are ``indices[indptr[i]:indptr[i + 1]]``.
    indices : numpy.ndarray
        int32, every edge stored in both directions.
    degree : numpy.ndarray
        int32, length N.
    """

    indptr: np.ndarray
    indices: np.ndarray
    degree: np.ndarray
    inv_degree: np.ndarray = field(init=False, repr=False)
    first_neighbour: np.ndarray = field(init=False, repr=False)
    degree_int: np.ndarray = field(init=False, repr=False)
    degree_float: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        inv = (1.0 / np.maximum(self.degree, 1)).astype(np.float32)
        # where each person's neighbours start in indices; 0 (a valid position, not a
        # neighbour) for people with none, so a draw there needs no bounds check
        first = np.where(self.degree > 0, self.indptr[:-1], 0)
        # the degree in the dtypes the engine's arithmetic meets it in, so that no weekly
        # step casts it (a mixed-dtype NumPy loop costs several times a plain one)
        as_int, as_float = self.degree.astype(np.intp), self.degree.astype(np.float64)
        for array in (inv, first, as_int, as_float):
            array.flags.writeable = False
        object.__setattr__(self, "inv_degree", inv)  # 1 / degree (0-degree people: 1)
        object.__setattr__(self, "first_neighbour", first)
        object.__setattr__(self, "degree_int", as_int)  # for sums, repeats and aranges
        object.__setattr__(self, "degree_float", as_float)  # to scale float64 uniforms

    @property
    def n(self) -> int:
        return len(self.degree)

    @property
    def n_edges(self) -> int:
        """Length of ``indices``: twice the number of edges."""
        return len(self.indices)

    def neighbours(self, i: int) -> np.ndarray:
        """The neighbours of person ``i`` (with repeats for the rare multi-edge)."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]


def _csr(n: int, u: np.ndarray, v: np.ndarray) -> Graph:
    """Build a CSR graph from edge end lists, storing each edge both ways."""
    src = np.concatenate((u, v))
    dst = np.concatenate((v, u))
    order = np.argsort(src, kind="stable")
    indices = dst[order].astype(np.int32, copy=False)
    degree = np.bincount(src, minlength=n).astype(np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    for array in (indptr, indices, degree):
        array.flags.writeable = False
    return Graph(indptr=indptr, indices=indices, degree=degree)


def random_graph(n: int, mean_degree: float, rng: np.random.Generator) -> Graph:
    """Erdos-Renyi-like graph with mean degree ``mean_degree``, no self-loops.

    Each person starts Poisson(mean_degree / 2) edges; their far ends are uniform people
    (how many edges end at each person is the count of uniform draws landing there, a
    multinomial split of the edge count; the ends are matched by a random permutation). That is a
    uniform random multigraph with about ``n * mean_degree / 2`` edges; multi-edges are rare
    (about ``mean_degree**2 / 4`` in all) and kept. Built in O(n + E) without sorting, which
    keeps a million-person graph fast.
    """
    cu = rng.poisson(rules.edges_started_per_person(mean_degree), size=n)
    m = int(cu.sum())
    cv = np.bincount(rng.integers(0, n, size=m), minlength=n)
    perm = rng.permutation(m)
    people = np.arange(n, dtype=np.int32)
    u = np.repeat(people, cu)  # edge k starts at u[k] (sorted)
    v_sorted = np.repeat(people, cv)  # the far ends, sorted
    dst = v_sorted[perm]  # edge k ends at dst[k]
    src_in = np.empty(m, dtype=np.int32)  # the j-th far end belongs to edge perm^-1(j)
    src_in[perm] = u
    # Each person's neighbours: the far ends of their own edges, then the starts of edges
    # ending at them. Both halves are already grouped by person, so they fill the slots in
    # order: person i's block is cu[i] out-slots, then cv[i] in-slots.
    degree = (cu + cv).astype(np.int32)
    counts = np.empty(2 * n, dtype=np.int64)
    counts[0::2], counts[1::2] = cu, cv
    out_slot = np.repeat(np.tile(np.array([True, False]), n), counts)
    indices = np.empty(2 * m, dtype=np.int32)
    indices[out_slot] = dst
    indices[~out_slot] = src_in
    loops = np.flatnonzero(u == dst)
    if len(loops):  # self-loops: about mean_degree / 2 in all; drop both halves of each
        # Out-edge k sits at k + (edges ending before u_k); its far end is the perm[k]-th
        # in-end, and in-end j sits at j + (edges starting at or before v_j).
        far = perm[loops]
        ends_before, starts_upto = np.cumsum(cv) - cv, np.cumsum(cu)
        at = np.concatenate((loops + ends_before[u[loops]], far + starts_upto[v_sorted[far]]))
        # the pieces between them, joined (np.delete would mask every entry)
        cuts = np.sort(at).tolist()
        starts, stops = [0, *(cut + 1 for cut in cuts)], [*cuts, len(indices)]
        indices = np.concatenate([indices[a:b] for a, b in zip(starts, stops, strict=True)])
        np.subtract.at(degree, u[loops], 2)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    for array in (indptr, indices, degree):
        array.flags.writeable = False
    return Graph(indptr=indptr, indices=indices, degree=degree)


def small_world_graph(n: int, mean_degree: float, rewire: float, rng: np.random.Generator) -> Graph:
    """Watts-Strogatz graph: a ring where each person links to the next ``k / 2``, rewired.

    ``k`` is ``mean_degree`` rounded to an even number of at least 2 (and below ``n``). Each
    edge's far end moves to a uniform person with probability ``rewire``; a rewired edge that
    lands on its own start is drawn once more and dropped if it lands there again.
    """
    half = rules.ring_half_width(mean_degree, n)
    base = np.arange(n, dtype=np.int64)
    u = np.repeat(base, half)
    v = (u + np.tile(np.arange(1, half + 1), n)) % n
    moved = rng.random(len(v)) < rewire
    v[moved] = rng.integers(0, n, size=int(moved.sum()))
    again = moved & (v == u)
    v[again] = rng.integers(0, n, size=int(again.sum()))
    keep = u != v
    return _csr(n, u[keep].astype(np.int32), v[keep].astype(np.int32))


@lru_cache(maxsize=8)
def _cached(kind: str, n: int, mean_degree: float, rewire: float, entropy: tuple) -> Graph:
    rng = np.random.default_rng(np.random.SeedSequence(entropy))
    if kind == "random":
        return random_graph(n, mean_degree, rng)
    return small_world_graph(n, mean_degree, rewire, rng)


def build_graph(
    kind: str, n: int, mean_degree: float, rewire: float, seed_seq: np.random.SeedSequence
) -> Graph | None:
    """Build (or fetch from a small cache) the graph of a scenario.

    The graph depends only on its own parameters and seed, so re-running a scenario with a
    different strategy or rate (as the lesson sliders do) reuses it.

    Returns
    -------
    Graph or None
        ``None`` for the complete graph, which the engine handles in mean field.
    """
    if kind == "complete":
        return None
    entropy = (seed_seq.entropy, *seed_seq.spawn_key)
    rewire_key = float(rewire) if kind == "small_world" else 0.0
    return _cached(kind, int(n), float(mean_degree), rewire_key, entropy)
