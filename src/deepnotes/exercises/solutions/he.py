import numpy as np


def he(layer_dims, *, rng):
    """W[l] ~ N(0, 2 / n[l-1]) and b[l] = 0, for every layer l = 1, ..., L."""
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
    return params
