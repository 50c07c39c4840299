"""The run's surroundings: provenance helpers and the compute jobs' allocator settings."""

from gendisc.study import runtime


def test_config_hash_is_order_independent():
    assert runtime.config_hash({"a": 1, "b": [1, 2]}) == runtime.config_hash({"b": [1, 2], "a": 1})
    assert runtime.config_hash({"a": 1}) != runtime.config_hash({"a": 2})


def test_allocator_env_adds_settings_without_overriding():
    env = runtime.allocator_env({"PATH": "/bin", "MALLOC_TOP_PAD_": "7"})
    assert env["PATH"] == "/bin" and env["MALLOC_TOP_PAD_"] == "7"  # the user's value wins
    assert env["MALLOC_MMAP_THRESHOLD_"] == runtime.ALLOCATOR_ENV["MALLOC_MMAP_THRESHOLD_"]
    assert set(runtime.ALLOCATOR_ENV) <= set(env)


def test_copy_workflow_copies_what_a_run_needs(tmp_path):
    repo = tmp_path / "repo"
    (repo / "workflow" / "__pycache__").mkdir(parents=True)
    (repo / "workflow" / "a.smk").write_text("x")
    (repo / "workflow" / "__pycache__" / "c.pyc").write_text("x")
    (repo / "Snakefile").write_text("s")
    (repo / "results").mkdir()
    dest = runtime.copy_workflow(repo, tmp_path / "copy")
    assert (dest / "Snakefile").read_text() == "s" and (dest / "workflow" / "a.smk").exists()
    assert not (dest / "results").exists() and not (dest / "workflow" / "__pycache__").exists()
