def l2_gradient(W, *, lambd, m):
    """The L2 term's share of dW: (λ / m) W."""
    return lambd / m * W
