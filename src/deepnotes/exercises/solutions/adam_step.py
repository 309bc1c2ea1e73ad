import numpy as np


def adam_step(w, dw, v, s, t, *, learning_rate, beta1, beta2, epsilon):
    """One step of Adam: both moving averages, both bias corrections, then the update."""
    v = beta1 * v + (1 - beta1) * dw
    s = beta2 * s + (1 - beta2) * dw**2
    v_corrected = v / (1 - beta1**t)
    s_corrected = s / (1 - beta2**t)
    w = w - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return w, v, s
