def batchnorm_backward(dZ_tilde, cache):
    """Batch norm backward: dZ, dγ, dβ from dZ̃ and the cache's Z_norm, gamma and inv_std."""
    m = dZ_tilde.shape[1]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * cache.Z_norm).sum(axis=1, keepdims=True)
    dZ = cache.gamma * cache.inv_std / m * (m * dZ_tilde - dbeta - cache.Z_norm * dgamma)
    return dZ, dgamma, dbeta
