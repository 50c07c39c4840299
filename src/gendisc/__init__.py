"""gendisc: a reproducible study of generative vs discriminative classifiers.

Reproduces and extends Ng & Jordan (NIPS 2001), "On Discriminative vs. Generative
classifiers: A comparison of logistic regression and naive Bayes".
"""

__version__ = "0.1.0"
