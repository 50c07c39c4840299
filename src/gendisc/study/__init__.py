"""Study layer: the design read from the config, seeding, replicate chunks, reference values, the
results schema, summaries and storage. Imports :mod:`gendisc.data` and :mod:`gendisc.models`."""
