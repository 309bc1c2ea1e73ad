import numpy as np


def log_uniform(low, high, *, size=None, rng):
    """10 ** r with r uniform between log10(low) and log10(high)."""
    r = rng.uniform(np.log10(low), np.log10(high), size=size)
    return 10**r
