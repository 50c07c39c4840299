"""Statistics layer: per-cell tests, learning curves, theory, claims, trends and calibration.
Imports the layers below it (data, models, study), never :mod:`gendisc.report`."""
