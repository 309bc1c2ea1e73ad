import numpy as np
import pytest

from deepnotes import network
from deepnotes.datasets import blobs, moons
from deepnotes.minibatches import random_mini_batches
from deepnotes.optimizers import GradientDescent
from deepnotes.training import fit, init_params


def _moons():
    return moons(200, noise=0.1, rng=np.random.default_rng(0))


def test_full_batch_learns_moons():
    X, Y = _moons()
    result = fit(
        X,
        Y,
        layer_dims=[2, 16, 1],
        optimizer=GradientDescent(learning_rate=1.0),
        num_epochs=800,
        rng=np.random.default_rng(1),
    )
    assert result.costs.shape == (800,)
    assert result.costs[-1] < 0.2 * result.costs[0]
    assert (network.predict(result.params, X) == Y).mean() > 0.95


def test_same_seed_same_result_and_mini_batches_differ_from_full_batch():
    X, Y = _moons()
    kw = dict(layer_dims=[2, 8, 1], num_epochs=20)
    a = fit(
        X,
        Y,
        optimizer=GradientDescent(learning_rate=0.5),
        rng=np.random.default_rng(3),
        batch_size=32,
        **kw,
    )
    b = fit(
        X,
        Y,
        optimizer=GradientDescent(learning_rate=0.5),
        rng=np.random.default_rng(3),
        batch_size=32,
        **kw,
    )
    c = fit(X, Y, optimizer=GradientDescent(learning_rate=0.5), rng=np.random.default_rng(3), **kw)
    np.testing.assert_array_equal(a.costs, b.costs)
    assert not np.allclose(a.costs, c.costs)


def test_full_batch_cost_is_the_cost_before_each_update():
    X, Y = _moons()
    result = fit(
        X,
        Y,
        layer_dims=[2, 4, 1],
        optimizer=GradientDescent(learning_rate=0.0),
        num_epochs=3,
        rng=np.random.default_rng(0),
    )
    # with a zero learning rate nothing moves, so every epoch has the initial cost
    first = network.cost(network.forward(result.params, X), Y)
    np.testing.assert_allclose(result.costs, first, rtol=1e-14)


def test_batch_costs_are_each_batch_cost_before_its_update():
    X, Y = _moons()  # 200 examples: batches of 64, 64, 64 and 8
    kw = dict(layer_dims=[2, 4, 1], num_epochs=3, batch_size=64)
    result = fit(
        X, Y, optimizer=GradientDescent(learning_rate=0.0), rng=np.random.default_rng(0), **kw
    )
    assert result.batch_costs.shape == (3 * 4,)
    # with nothing moving, each batch's cost is the initial network's cost on that batch
    rng = np.random.default_rng(0)
    params = init_params("he", kw["layer_dims"], rng)  # fit draws the weights first
    expected = [
        network.cost(network.forward(params, X_t), Y_t)
        for _ in range(3)
        for X_t, Y_t in random_mini_batches(X, Y, batch_size=64, rng=rng)
    ]
    np.testing.assert_allclose(result.batch_costs, expected, rtol=1e-14)
    sizes = np.tile([64, 64, 64, 8], 3)  # and their weighted means are the epoch costs
    np.testing.assert_allclose(
        result.costs, (result.batch_costs * sizes).reshape(3, 4).sum(axis=1) / 200, rtol=1e-14
    )


def test_full_batch_costs_are_the_batch_costs():
    X, Y = _moons()
    result = fit(
        X,
        Y,
        layer_dims=[2, 4, 1],
        optimizer=GradientDescent(learning_rate=0.5),
        num_epochs=5,
        rng=np.random.default_rng(0),
    )
    np.testing.assert_array_equal(result.batch_costs, result.costs)


def test_softmax_output_and_dev_costs():
    X, Y = blobs(300, centers=3, rng=np.random.default_rng(0))
    result = fit(
        X[:, :200],
        Y[:, :200],
        layer_dims=[2, 8, 3],
        optimizer=GradientDescent(learning_rate=0.5),
        num_epochs=50,
        rng=np.random.default_rng(0),
        X_dev=X[:, 200:],
        Y_dev=Y[:, 200:],
    )
    assert result.dev_costs.shape == (50,)
    assert result.best_epoch == int(np.argmin(result.dev_costs))


def test_schedule_sets_the_learning_rate_each_epoch():
    X, Y = _moons()
    opt = GradientDescent(learning_rate=1.0)
    seen = []

    def schedule(epoch):
        seen.append(epoch)
        return 1.0 / (1 + epoch)

    fit(
        X,
        Y,
        layer_dims=[2, 3, 1],
        optimizer=opt,
        num_epochs=4,
        rng=np.random.default_rng(0),
        schedule=schedule,
    )
    assert seen == [0, 1, 2, 3] and opt.learning_rate == pytest.approx(0.25)


def test_diverging_run_raises_instead_of_returning_nan():
    X, Y = _moons()
    with pytest.raises(FloatingPointError, match="lower the learning rate"):
        with np.errstate(all="ignore"):
            fit(
                X * 1e3,
                Y,
                layer_dims=[2, 8, 1],
                optimizer=GradientDescent(learning_rate=1e6),
                num_epochs=50,
                rng=np.random.default_rng(0),
            )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(num_epochs=0), ValueError, "num_epochs must be >= 1"),
        (dict(batch_size=0), ValueError, "batch_size must be >= 1"),
        (dict(init="glorot"), ValueError, "init must be one of"),
        (dict(layer_dims=[3, 4, 1]), ValueError, "X must have layer_dims"),
        (dict(layer_dims=[2, 4, 2]), ValueError, r"Y must have shape \(2, 200\)"),
        (dict(optimizer="sgd"), TypeError, "optimizer must be"),
        (dict(rng=42), TypeError, r"rng must be a numpy\.random\.Generator"),
        (dict(lambd=-0.1), ValueError, "lambd must be in"),
        (dict(keep_prob=0.0), ValueError, "keep_prob must be in"),
        (dict(keep_prob=1.5), ValueError, "keep_prob must be in"),
        (dict(patience=3), ValueError, "patience .* needs X_dev and Y_dev"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    X, Y = _moons()
    args = dict(
        layer_dims=[2, 4, 1],
        optimizer=GradientDescent(learning_rate=0.1),
        num_epochs=2,
        rng=np.random.default_rng(0),
    )
    args.update(kwargs)
    with pytest.raises(error, match=match):
        fit(X, Y, **args)


def test_nan_in_the_data_is_refused():
    X, Y = _moons()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X must be finite"):
        fit(
            X,
            Y,
            layer_dims=[2, 4, 1],
            optimizer=GradientDescent(learning_rate=0.1),
            num_epochs=1,
            rng=np.random.default_rng(0),
        )


def test_progress_bar_goes_to_stderr_only_when_asked(capsys):
    X, Y = _moons()
    kw = dict(layer_dims=[2, 3, 1], optimizer=GradientDescent(learning_rate=0.1), num_epochs=5)
    fit(X, Y, rng=np.random.default_rng(0), **kw)
    assert capsys.readouterr().err == ""
    fit(X, Y, rng=np.random.default_rng(0), progress=True, **kw)
    captured = capsys.readouterr()
    assert "epoch" in captured.err and "cost=" in captured.err and captured.out == ""


def test_the_unchecked_loop_trains_what_the_checked_functions_train():
    """fit checks once and runs the network's passes unchecked; with every option on it
    still trains, bit for bit, the network that the public, checked functions train. This
    guards fit's own wiring (the running averages, the m of the L2 term, the order of the
    random draws); the kernels' arithmetic has its gradient checks."""
    from deepnotes.batchnorm import MOMENTUM, running_average
    from deepnotes.optimizers import Adam

    X, Y = blobs(240, centers=3, rng=np.random.default_rng(0))
    X_train, Y_train, X_dev, Y_dev = X[:, :200], Y[:, :200], X[:, 200:], Y[:, 200:]
    dims, epochs, options = [2, 6, 5, 3], 4, dict(lambd=0.1, keep_prob=0.8)
    result = fit(
        X_train,
        Y_train,
        layer_dims=dims,
        optimizer=Adam(learning_rate=0.01),
        num_epochs=epochs,
        rng=np.random.default_rng(5),
        batch_size=64,
        batchnorm=True,
        X_dev=X_dev,
        Y_dev=Y_dev,
        **options,
    )

    rng, optimizer = np.random.default_rng(5), Adam(learning_rate=0.01)
    params = network.with_batchnorm(init_params("he", dims, rng))
    batch_costs, dev_costs = [], []
    for _ in range(epochs):
        for X_t, Y_t in random_mini_batches(X_train, Y_train, batch_size=64, rng=rng):
            out = network.forward(
                params, X_t, keep_prob=options["keep_prob"], rng=rng, training=True
            )
            batch_costs.append(network.cost(out, Y_t, params=params, lambd=options["lambd"], m=200))
            grads = network.backward(out, Y_t, params, lambd=options["lambd"], m=200)
            params = {**params, **optimizer.step(network.trainable(params), grads)}
            for l, cache in enumerate(out.caches[:-1], start=1):
                for name, batch in (("mean", cache.bn.mu), ("var", cache.bn.var)):
                    key = f"running_{name}{l}"
                    params[key] = running_average(params[key], batch, beta=MOMENTUM)
        dev_costs.append(network.cost(network.forward(params, X_dev), Y_dev))

    np.testing.assert_array_equal(result.batch_costs, batch_costs)
    np.testing.assert_array_equal(result.dev_costs, dev_costs)
    assert list(result.params) == list(params)
    for key, value in params.items():
        np.testing.assert_array_equal(result.params[key], value, err_msg=key)
