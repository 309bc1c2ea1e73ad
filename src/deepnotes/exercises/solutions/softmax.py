import numpy as np


def softmax(Z):
    """exp(z) / Σ exp(z) down each column, computed stably (minus each column's max)."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
