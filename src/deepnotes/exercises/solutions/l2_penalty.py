import numpy as np


def l2_penalty(params, *, lambd, m):
    """λ / (2m) times the sum of the squared entries of every weight matrix; biases left out."""
    total = sum(np.sum(W**2) for key, W in params.items() if key.startswith("W"))
    return float(lambd / (2 * m) * total)
