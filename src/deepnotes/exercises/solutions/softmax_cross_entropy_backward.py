def softmax_cross_entropy_backward(AL, Y):
    """dZ of the softmax output under the cross-entropy cost: (AL − Y) / m."""
    m = Y.shape[1]
    return (AL - Y) / m
