def dropout_backward(dA, mask, *, keep_prob):
    """The same mask and the same division by keep_prob, applied to the gradient."""
    return dA * mask / keep_prob
