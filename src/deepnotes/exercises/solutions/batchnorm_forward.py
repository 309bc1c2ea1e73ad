from types import SimpleNamespace

import numpy as np


def batchnorm_forward(Z, gamma, beta, *, epsilon):
    """Normalize each unit over the batch (mean, biased variance, ε), then scale and shift."""
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)  # biased: divides by m
    inv_std = 1 / np.sqrt(var + epsilon)
    Z_norm = (Z - mu) * inv_std
    Z_tilde = gamma * Z_norm + beta
    cache = SimpleNamespace(Z_norm=Z_norm, gamma=gamma, inv_std=inv_std, mu=mu, var=var)
    return Z_tilde, cache
