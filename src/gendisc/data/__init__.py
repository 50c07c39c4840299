"""Data layer: synthetic families (their maths and registry) and the UCI datasets (registry,
parsers, preparation, checksummed download). Imports nothing else of gendisc."""
