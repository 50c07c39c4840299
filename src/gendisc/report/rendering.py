"""Render the report's figures (draw, then save as PNG and SVG), in this process or in parallel.

The report sections describe each figure by a :class:`Drawing`: a module-level function that
returns a matplotlib figure, with its arguments. :func:`render_figures` draws and saves them
with ``workers`` processes: this one and ``workers - 1`` helper processes. Every figure is drawn
from its arguments alone (each drawing function applies the study's style first) and saved by
:func:`gendisc.report.figures.savefig`, so its bytes do not depend on the process that renders it, nor
on the number of workers.

Helper processes are forked where the platform can (POSIX): they start at once, with this
process's modules and caches, and need nothing from the main module. Elsewhere they are spawned,
which imports the caller's main module again in each helper (as ``__mp_main__``): a script that
renders with ``workers > 1`` keeps its work under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from gendisc.report.htmlkit import Drawing, Figure

#: how helper processes are started (see the module docstring)
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def check_workers(workers: object) -> int:
    """``workers`` as a count of processes, or ``ValueError`` naming the bad value.

    Parameters
    ----------
    workers : object
        A positive integer (a bool is not one).

    Returns
    -------
    int
        ``workers``.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    return workers


def render_all(drawings: Sequence[Drawing], workers: int = 1) -> list[dict[str, bytes]]:
    """Render ``drawings`` with ``workers`` processes; the images in the order of ``drawings``.

    With one worker every drawing is rendered here, in order. With more, ``workers - 1`` helper
    processes take the drawings from the front of the list while this process takes them from
    the back (a drawing not yet handed to a helper is withdrawn from the pool and rendered
    here), so both stay busy until the two ends meet and no process is left idle while the
    helpers start.

    Parameters
    ----------
    drawings : Sequence[Drawing]
        The figures to draw.
    workers : int
        Number of processes rendering at once, >= 1.

    Returns
    -------
    list[dict[str, bytes]]
        ``{"png": ..., "svg": ...}`` per drawing; the same bytes for any ``workers``.
    """
    helpers = min(check_workers(workers), len(drawings)) - 1
    if helpers < 1:
        return [d.render() for d in drawings]
    local: dict[int, dict[str, bytes]] = {}
    pool = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context(START_METHOD))
    try:
        futures = [pool.submit(Drawing.render, d) for d in drawings]
        for i in reversed(range(len(futures))):
            # The pool hands out drawings in order: once one cannot be withdrawn (running or
            # queued in a helper), neither can any before it.
            if not futures[i].cancel():
                break
            local[i] = drawings[i].render()
        return [local[i] if i in local else f.result() for i, f in enumerate(futures)]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def render_figures(figs: Sequence[Figure], workers: int = 1) -> list[Figure]:
    """The figures with their drawings rendered into images (:func:`render_all`).

    Parameters
    ----------
    figs : Sequence[gendisc.report.htmlkit.Figure]
        Figures; those with a ``drawing`` are rendered, the others are kept as they are.
    workers : int
        Number of processes rendering at once, >= 1.

    Returns
    -------
    list[gendisc.report.htmlkit.Figure]
        The figures in the same order, each with its PNG and SVG bytes and no drawing.
    """
    todo = {i: f.drawing for i, f in enumerate(figs) if f.drawing is not None}
    images = dict(zip(todo, render_all(list(todo.values()), workers), strict=True))
    return [
        replace(f, images=images[i], drawing=None) if i in images else f for i, f in enumerate(figs)
    ]


__all__ = ["START_METHOD", "Drawing", "check_workers", "render_all", "render_figures"]
