"""The public API contract: names, positional and keyword-only parameters are fixed."""

import importlib
import inspect
import pkgutil

import pytest

import deepnotes

CONTRACT = {
    "activations.sigmoid": ("Z", ""),
    "activations.relu": ("Z", ""),
    "activations.softmax": ("Z", ""),
    "activations.sigmoid_backward": ("dA Z", ""),
    "activations.relu_backward": ("dA Z", ""),
    "losses.binary_cross_entropy": ("AL Y", ""),
    "losses.cross_entropy": ("AL Y", ""),
    "losses.softmax_cross_entropy_backward": ("AL Y", ""),
    "initializers.zeros": ("layer_dims", ""),
    "initializers.random_normal": ("layer_dims", "scale rng"),
    "initializers.he": ("layer_dims", "rng"),
    "regularization.l2_penalty": ("params", "lambd m"),
    "regularization.l2_gradient": ("W", "lambd m"),
    "regularization.dropout_forward": ("A", "keep_prob rng"),
    "regularization.dropout_backward": ("dA mask", "keep_prob"),
    "gradcheck.params_to_vector": ("params", ""),
    "initializers.xavier": ("layer_dims", "rng"),
    "gradcheck.numerical_gradient": ("f theta", "epsilon"),
    "gradcheck.relative_difference": ("grad grad_approx", ""),
    "optimizers.gd_step": ("w dw", "learning_rate"),
    "optimizers.momentum_step": ("w dw v", "learning_rate beta"),
    "optimizers.rmsprop_step": ("w dw s", "learning_rate beta epsilon"),
    "optimizers.adam_step": ("w dw v s t", "learning_rate beta1 beta2 epsilon"),
    "averages.ewa": ("theta", "beta bias_correction"),
    "schedules.inverse_time_decay": ("learning_rate0 epoch", "decay_rate"),
    "schedules.exponential_decay": ("learning_rate0 epoch", "base"),
    "schedules.inverse_sqrt_decay": ("learning_rate0 epoch", "k"),
    "schedules.staircase_decay": ("learning_rate0 epoch", "decay_rate time_interval"),
    "minibatches.random_mini_batches": ("X Y", "batch_size rng"),
    "network.predict": ("params X", ""),
    "training.fit": (
        "X Y",
        "layer_dims optimizer num_epochs rng batch_size init lambd keep_prob batchnorm "
        "schedule X_dev Y_dev patience progress",
    ),
}
DEFAULTS = {
    "initializers.random_normal": {"scale": 10.0},
    "gradcheck.numerical_gradient": {"epsilon": 1e-7},
    "minibatches.random_mini_batches": {"batch_size": 64},
    "averages.ewa": {"bias_correction": False},
    "training.fit": {
        "batch_size": None,
        "init": "he",
        "lambd": 0.0,
        "keep_prob": 1.0,
        "batchnorm": False,
        "schedule": None,
        "X_dev": None,
        "Y_dev": None,
        "patience": None,
        "progress": False,
    },
}


def _get(dotted):
    module, name = dotted.split(".")
    return getattr(importlib.import_module(f"deepnotes.{module}"), name)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_signature(name):
    positional, keyword = (s.split() for s in CONTRACT[name])
    params = inspect.signature(_get(name)).parameters.values()
    assert [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD] == positional
    assert [p.name for p in params if p.kind == p.KEYWORD_ONLY] == keyword
    for key, value in DEFAULTS.get(name, {}).items():
        assert inspect.signature(_get(name)).parameters[key].default == value


def test_classes_of_the_contract():
    from deepnotes.optimizers import Adam, GradientDescent, Momentum, RMSprop

    for cls in (GradientDescent, Momentum, RMSprop, Adam):
        assert callable(cls(learning_rate=0.1).step)


def test_every_module_declares_all_and_has_an_api_page():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs" / "reference"
    for info in pkgutil.iter_modules(deepnotes.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"deepnotes.{info.name}")
        assert module.__all__, info.name
        assert all(hasattr(module, n) for n in module.__all__), info.name
        page = docs / f"{info.name}.md"
        assert page.exists() and f"::: deepnotes.{info.name}" in page.read_text(), info.name


def test_docstrings_hold_no_control_characters():
    """A LaTeX docstring that is not a raw string turns \\f, \\b, \\v into control characters."""
    import ast
    from pathlib import Path

    src = Path(deepnotes.__file__).parent
    bad = []
    for path in sorted(src.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(c in node.value for c in "\x07\x08\x0b\x0c"):
                    bad.append(f"{path.name}:{node.lineno}")
    assert not bad, f"use r-strings for LaTeX: {bad}"
