def dropout_forward(A, *, keep_prob, rng):
    """Inverted dropout: keep each unit with probability keep_prob, then divide by it."""
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
