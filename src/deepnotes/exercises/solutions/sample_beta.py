import numpy as np


def sample_beta(low, high, *, size=None, rng):
    """β = 1 − 10 ** r, with 1 − β log-uniform between 1 − high and 1 − low."""
    r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size=size)
    return 1 - 10**r
