"""Deterministic random streams.

Every random draw of the study derives from a *key*: the base seed plus a tuple of
labels (study, dataset or setting, pair, m, replicate, purpose). Labels are turned
into integers with a stable hash (BLAKE2b of their UTF-8 text), never Python's
``hash()``, and fed to :class:`numpy.random.SeedSequence`. The stream of a replicate
therefore does not depend on job order, chunking, or the number of cores.
"""

from __future__ import annotations

import hashlib

import numpy as np

MAX_SEED = 2**32 - 1


def stable_word(label: object) -> int:
    """Map a label to a 32-bit integer with a stable hash.

    Parameters
    ----------
    label : object
        Any value whose ``str`` is stable (str, int, float).

    Returns
    -------
    int
        ``int.from_bytes(blake2b(str(label), digest_size=4))``.
    """
    digest = hashlib.blake2b(str(label).encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "little")


def seed_sequence(base_seed: int, *labels: object) -> np.random.SeedSequence:
    """Return the SeedSequence of a key.

    Parameters
    ----------
    base_seed : int
        The study's base seed, in ``[0, 2**32 - 1]``.
    *labels : object
        The key's labels, e.g. ``("synthetic", "correlated_gaussian-n8-l0.5", "nb_lr", 64, 17)``.

    Returns
    -------
    numpy.random.SeedSequence
        Entropy ``[base_seed, stable_word(label_1), ...]``.
    """
    if not isinstance(base_seed, int | np.integer) or not 0 <= int(base_seed) <= MAX_SEED:
        raise ValueError(f"seed must be an integer in [0, {MAX_SEED}], got {base_seed!r}")
    return np.random.SeedSequence([int(base_seed), *(stable_word(lab) for lab in labels)])


def _stream_id(seq: np.random.SeedSequence) -> int:
    return int(seq.generate_state(2, dtype=np.uint32).view(np.uint64)[0])


def key_seed(base_seed: int, *labels: object) -> int:
    """Return the 64-bit id of a key's random stream (stored in the ``stream_id`` column)."""
    return _stream_id(seed_sequence(base_seed, *labels))


def rng(base_seed: int, *labels: object) -> np.random.Generator:
    """Return a PCG64 generator for a key (see :func:`seed_sequence`)."""
    return np.random.Generator(np.random.PCG64(seed_sequence(base_seed, *labels)))


def keyed(base_seed: int, *labels: object) -> tuple[int, np.random.Generator]:
    """Return the stream id and the generator of a key, hashing its labels once.

    Parameters
    ----------
    base_seed : int
        The study's base seed.
    *labels : object
        The key's labels.

    Returns
    -------
    tuple[int, numpy.random.Generator]
        The 64-bit stream id (stored in the results' ``stream_id`` column) and the
        generator, equal to :func:`rng`.
    """
    seq = seed_sequence(base_seed, *labels)
    return _stream_id(seq), np.random.Generator(np.random.PCG64(seq))
