"""Models layer: the registry of model pairs, the scikit-learn reference estimators and the fast
batched engine. Imports only :mod:`gendisc.data`."""
