import numpy as np


def relative_difference(grad, grad_approx):
    """‖g − g̃‖ / (‖g‖ + ‖g̃‖); two zero vectors give 0."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(grad - grad_approx) / denominator)
