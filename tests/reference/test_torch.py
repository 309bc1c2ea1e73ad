"""Reference tests: deepnotes against PyTorch, in float64.

They skip cleanly when PyTorch is not installed; CI installs its CPU build
(``pip install -e ".[test,reference]"``). Each test names the implementations it
checks with ``@reference(...)``; the formula index reads those names.
"""

from __future__ import annotations

import numpy as np
import pytest


def reference(*targets: str):
    """Record which deepnotes implementations a test compares with PyTorch."""

    def mark(test):
        test.references = targets
        return test

    return mark


torch = pytest.importorskip("torch")
F = torch.nn.functional

from deepnotes import network  # noqa: E402
from deepnotes.activations import softmax  # noqa: E402
from deepnotes.autodiff import network_cost  # noqa: E402
from deepnotes.batchnorm import (  # noqa: E402
    batchnorm_backward,
    batchnorm_forward,
    running_average,
)
from deepnotes.initializers import he  # noqa: E402
from deepnotes.losses import (  # noqa: E402
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_with_logits,
    softmax_cross_entropy_backward,
)
from deepnotes.optimizers import (  # noqa: E402
    Adam,
    GradientDescent,
    Momentum,
    RMSprop,
    adam_step,
    gd_step,
    momentum_step,
    rmsprop_step,
)
from deepnotes.regularization import dropout_forward, l2_gradient  # noqa: E402

STEPS = 50


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def _gradients(rng, n=STEPS, shape=(3, 4)):
    return [rng.normal(size=shape) for _ in range(n)]


def _run_torch(optimizer_cls, w0, grads, **kwargs):
    w = torch.tensor(w0, requires_grad=True)
    opt = optimizer_cls([w], **kwargs)
    path = []
    for g in grads:
        opt.zero_grad()
        w.grad = torch.tensor(g)
        opt.step()
        path.append(w.detach().numpy().copy())
    return path


@reference("deepnotes.optimizers.gd_step", "deepnotes.optimizers.GradientDescent")
def test_gradient_descent_equals_sgd(rng):
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.SGD, w0, grads, lr=0.1)
    w, opt, params = w0, GradientDescent(learning_rate=0.1), {"W1": w0}
    for g, e in zip(grads, expected, strict=True):
        w = gd_step(w, g, learning_rate=0.1)
        params = opt.step(params, {"dW1": g})
        np.testing.assert_allclose(w, e, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(params["W1"], e, rtol=1e-13, atol=1e-13)


@reference("deepnotes.optimizers.momentum_step", "deepnotes.optimizers.Momentum")
def test_momentum_equals_sgd_momentum_with_a_scaled_learning_rate(rng):
    # course: v = b v + (1 - b) g, w -= a v.  PyTorch: buf = b buf + g (buf_1 = g), w -= lr buf.
    # v_t = (1 - b) buf_t at every step, so lr = a (1 - b) gives the same path from step 1.
    alpha, beta = 0.1, 0.9
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.SGD, w0, grads, lr=alpha * (1 - beta), momentum=beta)
    w, v, opt, params = w0, np.zeros_like(w0), Momentum(learning_rate=alpha, beta=beta), {"W1": w0}
    for g, e in zip(grads, expected, strict=True):
        w, v = momentum_step(w, g, v, learning_rate=alpha, beta=beta)
        params = opt.step(params, {"dW1": g})
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(params["W1"], e, rtol=1e-12, atol=1e-12)


def test_momentum_with_dampening_keeps_a_decaying_head_start(rng):
    # with dampening = beta PyTorch seeds buf with g itself: buf_1 = g, not (1 - beta) g.
    # Both then follow x_t = beta x_(t-1) + (1 - beta) g_t, so buf_t - v_t = beta^t g_1 at
    # every step, and the weights differ by alpha g_1 (beta + ... + beta^t).
    alpha, beta = 0.1, 0.9
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.SGD, w0, grads, lr=alpha, momentum=beta, dampening=beta)
    w, v = w0, np.zeros_like(w0)
    for t, (g, e) in enumerate(zip(grads, expected, strict=True), start=1):
        w, v = momentum_step(w, g, v, learning_rate=alpha, beta=beta)
        head_start = sum(beta**k for k in range(1, t + 1))
        np.testing.assert_allclose(w - e, alpha * head_start * grads[0], rtol=1e-10, atol=1e-13)
        assert np.abs(w - e).min() > 0.0  # never the same weights


@reference("deepnotes.optimizers.rmsprop_step", "deepnotes.optimizers.RMSprop")
def test_rmsprop_equals_torch_rmsprop(rng):
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.RMSprop, w0, grads, lr=0.01, alpha=0.9, eps=1e-8)
    w, s, opt, params = w0, np.zeros_like(w0), RMSprop(learning_rate=0.01, beta=0.9), {"W1": w0}
    for g, e in zip(grads, expected, strict=True):
        w, s = rmsprop_step(w, g, s, learning_rate=0.01, beta=0.9, epsilon=1e-8)
        params = opt.step(params, {"dW1": g})
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(params["W1"], e, rtol=1e-12, atol=1e-12)


@reference("deepnotes.optimizers.adam_step", "deepnotes.optimizers.Adam")
def test_adam_equals_torch_adam(rng):
    kw = dict(beta1=0.8, beta2=0.99, epsilon=1e-7)
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.Adam, w0, grads, lr=0.01, betas=(0.8, 0.99), eps=1e-7)
    w, v, s = w0, np.zeros_like(w0), np.zeros_like(w0)
    opt, params = Adam(learning_rate=0.01, **kw), {"W1": w0}
    for t, (g, e) in enumerate(zip(grads, expected, strict=True), start=1):
        w, v, s = adam_step(w, g, v, s, t, learning_rate=0.01, **kw)
        params = opt.step(params, {"dW1": g})
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(params["W1"], e, rtol=1e-12, atol=1e-12)


@reference("deepnotes.regularization.l2_gradient")
def test_l2_is_sgd_weight_decay_of_lambda_over_m(rng):
    lambd, m, alpha = 0.7, 20, 0.1
    w0, grads = rng.normal(size=(3, 4)), _gradients(rng)
    expected = _run_torch(torch.optim.SGD, w0, grads, lr=alpha, weight_decay=lambd / m)
    w = w0
    for g, e in zip(grads, expected, strict=True):
        w = gd_step(w, g + l2_gradient(w, lambd=lambd, m=m), learning_rate=alpha)
        np.testing.assert_allclose(w, e, rtol=1e-12, atol=1e-12)


@reference("deepnotes.regularization.dropout_forward", "deepnotes.regularization.dropout_backward")
def test_dropout_scaling_matches_torch(rng):
    keep_prob = 0.8
    A = rng.exponential(size=(50, 40))
    ours, mask = dropout_forward(A, keep_prob=keep_prob, rng=rng)
    theirs = F.dropout(torch.tensor(A), p=1 - keep_prob, training=True).numpy()
    # kept units are scaled by the same factor 1 / keep_prob = 1 / (1 - p)
    np.testing.assert_allclose(ours[mask] / A[mask], 1 / keep_prob)
    kept = theirs != 0
    np.testing.assert_allclose(theirs[kept] / A[kept], 1 / (1 - (1 - keep_prob)))
    assert abs(kept.mean() - keep_prob) < 0.03 and abs(mask.mean() - keep_prob) < 0.03


@reference(
    "deepnotes.batchnorm.batchnorm_forward",
    "deepnotes.batchnorm.batchnorm_backward",
    "deepnotes.batchnorm.running_average",
)
def test_batchnorm_matches_batchnorm1d(rng):
    n, m, eps = 4, 16, 1e-5
    Z = rng.normal(3.0, 2.0, size=(n, m))
    gamma, beta = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
    dOut = rng.normal(size=(n, m))
    bn = torch.nn.BatchNorm1d(n, eps=eps, momentum=0.1).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma.ravel()))
        bn.bias.copy_(torch.tensor(beta.ravel()))
    z = torch.tensor(Z.T, requires_grad=True)  # rows are examples
    out = bn(z)
    out.backward(torch.tensor(dOut.T))
    ours, cache = batchnorm_forward(Z, gamma, beta, epsilon=eps)
    dZ, dgamma, dbeta = batchnorm_backward(dOut, cache)
    np.testing.assert_allclose(ours, out.detach().numpy().T, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dZ, z.grad.numpy().T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dgamma.ravel(), bn.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(dbeta.ravel(), bn.bias.grad.numpy(), rtol=1e-12)
    # running statistics: momentum 0.1 is beta 0.9; PyTorch stores the unbiased variance
    mean = running_average(np.zeros((n, 1)), cache.mu, beta=0.9)
    var_unbiased = running_average(np.ones((n, 1)), cache.var * m / (m - 1), beta=0.9)
    np.testing.assert_allclose(mean.ravel(), bn.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(var_unbiased.ravel(), bn.running_var.numpy(), rtol=1e-12)
    biased = running_average(np.ones((n, 1)), cache.var, beta=0.9)
    assert not np.allclose(biased.ravel(), bn.running_var.numpy(), rtol=1e-6)


@reference(
    "deepnotes.activations.softmax",
    "deepnotes.losses.cross_entropy",
    "deepnotes.losses.softmax_cross_entropy_backward",
)
def test_softmax_cross_entropy_matches_torch(rng):
    C, m = 5, 12
    Z = rng.normal(size=(C, m)) * 3
    labels = rng.integers(0, C, m)
    Y = np.eye(C)[:, labels]
    z = torch.tensor(Z.T, requires_grad=True)
    loss = F.cross_entropy(z, torch.tensor(labels))
    loss.backward()
    AL = F.softmax(torch.tensor(Z.T), dim=1).numpy().T
    np.testing.assert_allclose(softmax(Z), AL, rtol=1e-13)
    assert cross_entropy(softmax(Z), Y) == pytest.approx(loss.item(), rel=1e-12)
    assert cross_entropy_with_logits(Z, Y) == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(
        softmax_cross_entropy_backward(softmax(Z), Y), z.grad.numpy().T, rtol=1e-11, atol=1e-14
    )


@reference("deepnotes.losses.cross_entropy")
def test_cross_entropy_loss_takes_one_hot_probabilities(rng):
    # CrossEntropyLoss accepts class probabilities of shape (m, C) as floats: Y.T works.
    C, m = 4, 10
    Z = rng.normal(size=(C, m)) * 2
    Y = np.eye(C)[:, rng.integers(0, C, m)]
    from_indices = F.cross_entropy(torch.tensor(Z.T), torch.tensor(Y.argmax(axis=0))).item()
    from_one_hot = F.cross_entropy(torch.tensor(Z.T), torch.tensor(Y.T)).item()
    assert from_one_hot == pytest.approx(from_indices, rel=1e-13)
    assert cross_entropy(softmax(Z), Y) == pytest.approx(from_one_hot, rel=1e-12)


@reference("deepnotes.losses.binary_cross_entropy")
def test_binary_cross_entropy_matches_torch(rng):
    Z = rng.normal(size=(1, 30)) * 3
    Y = (rng.random((1, 30)) < 0.5).astype(float)
    A = 1 / (1 + np.exp(-Z))
    expected = F.binary_cross_entropy(torch.tensor(A), torch.tensor(Y)).item()
    with_logits = F.binary_cross_entropy_with_logits(torch.tensor(Z), torch.tensor(Y)).item()
    assert binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-12)
    assert binary_cross_entropy_with_logits(Z, Y) == pytest.approx(with_logits, rel=1e-12)


@reference(
    "deepnotes.autodiff.Tensor.backward", "deepnotes.network.backward", "deepnotes.network.cost"
)
def test_autodiff_and_backprop_match_torch_autograd(rng):
    params = he([4, 6, 5, 3], rng=rng)
    X = rng.normal(size=(4, 10))
    labels = rng.integers(0, 3, 10)
    Y = np.eye(3)[:, labels]
    J, leaves = network_cost(params, X, Y, lambd=0.4)
    J.backward()
    grads = network.backward(network.forward(params, X), Y, params, lambd=0.4)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    A = torch.tensor(X.T)
    for l in (1, 2):
        A = torch.relu(A @ t[f"W{l}"].T + t[f"b{l}"].T)
    loss = F.cross_entropy(A @ t["W3"].T + t["b3"].T, torch.tensor(labels))
    loss = loss + 0.4 / (2 * 10) * sum((t[f"W{l}"] ** 2).sum() for l in (1, 2, 3))
    loss.backward()
    assert J.data.item() == pytest.approx(loss.item(), rel=1e-12)
    ours = network.cost(network.forward(params, X), Y, params=params, lambd=0.4)
    assert ours == pytest.approx(loss.item(), rel=1e-12)
    for key in params:
        np.testing.assert_allclose(leaves[key].grad, t[key].grad.numpy(), rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(grads[f"d{key}"], t[key].grad.numpy(), rtol=1e-10, atol=1e-13)
