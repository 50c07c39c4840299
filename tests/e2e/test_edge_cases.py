"""Numerical edge cases, corrupted intermediates, and the pipeline's security properties.

Every pair of :data:`gendisc.models.pairs.PAIRS` on both engines must survive degenerate
training sets (m = 2, constant features, a feature constant within one class, separable
classes, extreme priors, duplicated rows, more features than examples) without raising,
returning NaN or a negative / non-integer warning count.
"""

from __future__ import annotations

import contextlib
import pkgutil
import re
import shutil
from collections.abc import Callable

import numpy as np
import pytest
import yaml

from gendisc.models import engine
from gendisc.models.pairs import PAIRS
from gendisc.report import htmlkit as rpt

from conftest import REPO, SMOKE_TABLES, run_snakemake, smoke_args

R = 3  # replicates per case
N_TEST = 40


def _labels(m: int, n1: int) -> np.ndarray:
    y = np.zeros(m)
    y[:n1] = 1
    return y


def _case_m2(rng, n, discrete):
    X = rng.integers(0, 3, (R, 2, n)) if discrete else rng.normal(size=(R, 2, n))
    return X, np.tile(_labels(2, 1), (R, 1))


def _case_constant_feature(rng, n, discrete):
    X = rng.integers(0, 3, (R, 10, n)) if discrete else rng.normal(size=(R, 10, n))
    X[:, :, 0] = 1.0
    return X, np.tile(_labels(10, 5), (R, 1))


def _case_all_constant(rng, n, discrete):
    X = np.ones((R, 10, n))
    return X, np.tile(_labels(10, 4), (R, 1))


def _case_constant_in_one_class(rng, n, discrete):
    y = _labels(12, 6)
    X = rng.integers(0, 3, (R, 12, n)) if discrete else rng.normal(size=(R, 12, n))
    X[:, y == 0, 0] = 2.0  # feature 0 is constant in class 0 only
    return X, np.tile(y, (R, 1))


def _case_separable(rng, n, discrete):
    y = _labels(20, 10)
    if discrete:
        X = rng.integers(0, 3, (R, 20, n))
        X[:, :, 0] = np.where(y > 0, 2, 0)
    else:
        X = rng.normal(size=(R, 20, n))
        X[:, :, 0] = np.where(y > 0, 5.0, -5.0) + 0.01 * rng.normal(size=20)
    return X, np.tile(y, (R, 1))


def _case_extreme_prior(rng, n, discrete):
    y = _labels(60, 1)  # one positive in 60
    X = rng.integers(0, 3, (R, 60, n)) if discrete else rng.normal(size=(R, 60, n))
    return X, np.tile(y, (R, 1))


def _case_duplicated_rows(rng, n, discrete):
    base = rng.integers(0, 3, (R, 2, n)) if discrete else rng.normal(size=(R, 2, n))
    X = np.repeat(base, 8, axis=1)  # two distinct points, each 8 times
    y = np.repeat(_labels(2, 1), 8)
    return X, np.tile(y, (R, 1))


def _case_n_larger_than_m(rng, n, discrete):
    n_big = 30
    X = rng.integers(0, 3, (R, 6, n_big)) if discrete else rng.normal(size=(R, 6, n_big))
    return X, np.tile(_labels(6, 3), (R, 1))


CASES: dict[str, Callable] = {
    "m2": _case_m2,
    "constant_feature": _case_constant_feature,
    "all_features_constant": _case_all_constant,
    "constant_in_one_class": _case_constant_in_one_class,
    "separable": _case_separable,
    "extreme_prior": _case_extreme_prior,
    "duplicated_rows": _case_duplicated_rows,
    "n_larger_than_m": _case_n_larger_than_m,
}


@pytest.mark.parametrize("engine_name", engine.ENGINES)
@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_edge_case_gives_finite_errors_and_counts(case, pair, engine_name):
    rng = np.random.default_rng(hash_label(case, pair))
    discrete = PAIRS[pair].kind == "discrete"
    X, y = CASES[case](rng, 4, discrete)
    n = X.shape[2]
    Xte = rng.integers(0, 3, (R, N_TEST, n)) if discrete else rng.normal(size=(R, N_TEST, n))
    yte = (rng.random((R, N_TEST)) < 0.5).astype(float)
    yte[:, :2] = [0, 1]
    ks = (3,) * n if discrete else None
    res = engine.evaluate_pair(pair, X, y, Xte, yte, engine=engine_name, lr_C=1e4, n_categories=ks)
    assert res.test_error.shape == (R, 2)
    assert np.all(np.isfinite(res.test_error)), res.test_error
    assert np.all((res.test_error >= 0) & (res.test_error <= 1))
    assert np.issubdtype(res.n_warnings.dtype, np.integer), res.n_warnings.dtype
    assert res.n_warnings.shape == (R, 2) and np.all(res.n_warnings >= 0)
    assert res.separable.dtype == bool
    if case == "separable":
        # LR fits a separable training set exactly
        assert res.separable.all()
    if case in ("duplicated_rows", "m2"):
        # two distinct labelled points (one per class): LR separates them
        assert res.separable.all()


def hash_label(*labels: str) -> int:
    """A stable small integer from labels (never Python's salted hash())."""
    return int.from_bytes("/".join(labels).encode(), "little") % (2**32)


def test_degenerate_lda_is_counted_as_a_warning():
    rng = np.random.default_rng(0)
    X, y = _case_m2(rng, 3, False)
    Xte, yte = rng.normal(size=(R, 10, 3)), np.tile(_labels(10, 5), (R, 1))
    for name in engine.ENGINES:
        res = engine.evaluate_pair("lda_lr", X, y, Xte, yte, engine=name)
        assert np.all(res.n_warnings[:, 0] == 1), (name, res.n_warnings)


def test_engines_agree_on_clear_edge_cases():
    # where no test point is near a boundary, both engines make the same predictions
    rng = np.random.default_rng(1)
    X, y = _case_separable(rng, 3, False)
    Xte = rng.normal(size=(R, N_TEST, 3))
    Xte[:, :, 0] = np.where(np.arange(N_TEST) % 2, 6.0, -6.0)
    yte = np.tile((np.arange(N_TEST) % 2).astype(float), (R, 1))
    for pair in ("nb_lr", "gnb_lr", "lda_lr"):
        fast = engine.evaluate_pair(pair, X, y, Xte, yte, engine="fast")
        ref = engine.evaluate_pair(pair, X, y, Xte, yte, engine="sklearn")
        np.testing.assert_array_equal(fast.test_error, ref.test_error)
        assert np.all(fast.test_error == 0)


# --------------------------------------------------------------------------- corrupted files


@pytest.mark.slow
def test_truncated_chunk_is_detected_and_rebuilt(smoke_run, tmp_path):
    """A truncated chunk is never read: its reader stops with one line naming the file and the
    command that rebuilds it; that command brings the results back byte-identical."""
    work = tmp_path / "truncated"
    shutil.copytree(smoke_run, work, symlinks=True)
    chunk = sorted((work / "results" / "chunks").rglob("[0-9]*.parquet"))[0]
    rel = str(chunk.relative_to(work))
    chunk.write_bytes(chunk.read_bytes()[:200])
    proc = run_snakemake(work, *smoke_args(2), check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-3000:]
    assert f"snakemake --forcerun {rel}" in out, out[-3000:]
    run_snakemake(work, *SMOKE_TABLES, *smoke_args(2), "--forcerun", rel)
    for table in SMOKE_TABLES:
        assert (work / table).read_bytes() == (smoke_run / table).read_bytes(), table


# --------------------------------------------------------------------------- security

RULE_FILES = [REPO / "Snakefile", *sorted((REPO / "workflow" / "rules").glob("*.smk"))]


def _rules(text: str) -> dict[str, str]:
    """Rule name -> its body (up to the next top-level statement)."""
    out = {}
    for match in re.finditer(r"^(?:rule|checkpoint) (\w+):\n((?:[ \t]+.*\n|\n)*)", text, re.M):
        out[match.group(1)] = match.group(2)
    return out


def test_rules_run_scripts_only():
    """No rule has a shell:, run: or wrapper: directive: config values never reach a shell."""
    n_rules = 0
    for path in RULE_FILES:
        text = path.read_text()
        rules = _rules(text)
        n_rules += len(rules)
        for name, body in rules.items():
            directives = set(re.findall(r"^    (\w+):", body, re.M))
            assert not directives & {"shell", "run", "wrapper", "cwl", "notebook"}, (
                path.name,
                name,
            )
            if name != "all":
                assert "script" in directives, (path.name, name)
        assert not re.search(r"^\s*(shell|run):", text, re.M), path.name
        assert "os.system" not in text and "subprocess" not in text, path.name
    assert n_rules >= 8


def _constraint_namespace(name: str) -> dict:
    """What a computed constraint reads: NAME, ``re``, the gendisc names the rule files import
    and their top-level constants evaluated on the default config (those needing Snakemake's
    workflow object are left out)."""
    namespace = {
        "NAME": name,
        "re": re,
        "config": yaml.safe_load((REPO / "config" / "config.yaml").read_text()),
    }
    for path in RULE_FILES:
        text = path.read_text()
        imports = r"^from (gendisc[\w.]*) import (\w+)(?: as (\w+))?"
        for package, member, alias in re.findall(imports, text, re.M):
            namespace[alias or member] = pkgutil.resolve_name(f"{package}.{member}")
        for constant, expression in re.findall(r"^([A-Z][A-Z_]*) = (.+)$", text, re.M):
            with contextlib.suppress(Exception):
                namespace[constant] = eval(expression, namespace)
    return namespace


def test_path_wildcards_are_constrained():
    """Every wildcard in an output path has a strict pattern (no '/', no '..' alone).

    Constraints are read from every ``wildcard_constraints:`` block (global or per rule).
    """
    common = (REPO / "workflow" / "rules" / "common.smk").read_text()
    name = re.search(r'^NAME = r"([^"]+)"', common, re.M).group(1)
    computed = _constraint_namespace(name)
    patterns: dict[str, list[str]] = {}
    for path in RULE_FILES:
        for block in re.findall(r"wildcard_constraints:\n((?:[ \t]+\w+=.*\n)+)", path.read_text()):
            for key, value in re.findall(r"^\s+(\w+)=(.+?),?(?:\s*#.*)?$", block, re.M):
                if re.fullmatch(r"r?\"[^\"]*\"", value):
                    value = value.lstrip("r").strip('"')
                else:  # NAME, or a registry's names joined, e.g. "|".join(datasets.DATASETS)
                    value = eval(value, computed)
                patterns.setdefault(key, []).append(value)
    assert {"dataset", "setting", "pair", "chunk"} <= set(patterns), patterns
    used = set()
    for path in RULE_FILES:
        for body in _rules(path.read_text()).values():
            for literal in re.findall(r'(?<![fr])"([^"]*)"', body):
                used |= set(re.findall(r"\{(\w+)\}", literal))
    used -= {"name"}  # report(patterns=["{name}.png"]) names files inside a directory output
    assert used, "no wildcard found"
    for wildcard in sorted(used):
        assert wildcard in patterns, f"wildcard {wildcard!r} has no constraint"
        for pattern in patterns[wildcard]:
            pat = re.compile(rf"(?:{pattern})")
            for bad in ("..", ".", "../x", "a/b", "a;rm -rf ~", "$(x)", "a b", ""):
                assert not pat.fullmatch(bad), (wildcard, pattern, bad)


def test_no_pickle_anywhere():
    """Nothing is loaded with pickle: no pickle import, np.load only with allow_pickle=False."""
    files = [
        *(REPO / "src").rglob("*.py"),
        *(REPO / "workflow").rglob("*.py"),
        *RULE_FILES,
    ]
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        assert not re.search(r"\b(c?[Pp]ickle|joblib|dill|shelve)\b", text), path
        assert "read_pickle" not in text and "to_pickle" not in text, path
        for call in re.findall(r"np\.load\([^)]*\)", text):
            assert "allow_pickle=False" in call, (path, call)


MALICIOUS = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


def test_report_escapes_every_string():
    import pandas as pd

    from gendisc.report import page as rpt_page

    assert rpt.esc(MALICIOUS) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;"
    )
    table = rpt.table("t1", pd.DataFrame({MALICIOUS: [MALICIOUS], "x": [1.0]}), MALICIOUS)
    content = rpt.SectionContent(lead=MALICIOUS, tables=(table,))
    page = rpt_page.render_page(
        MALICIOUS,
        MALICIOUS,
        [rpt_page.PageSection("s1", MALICIOUS, "sections/misspecification.html.j2", content)],
    )
    assert "<script" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;") >= 8  # title x2, subtitle, toc, h2, lead, table x3
