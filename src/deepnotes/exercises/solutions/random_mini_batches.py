def random_mini_batches(X, Y, *, batch_size=64, rng):
    """Shuffle the columns of X and Y together, then cut them into batches of batch_size."""
    m = X.shape[1]
    order = rng.permutation(m)  # one permutation for both, so each x keeps its label
    X, Y = X[:, order], Y[:, order]
    return [(X[:, k : k + batch_size], Y[:, k : k + batch_size]) for k in range(0, m, batch_size)]
