import numpy as np


def numerical_gradient(f, theta, *, epsilon=1e-7):
    """(f(θ + ε e_i) − f(θ − ε e_i)) / 2ε for each coordinate i of the vector θ."""
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
    return grad
