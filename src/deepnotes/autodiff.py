r"""A small reverse-mode automatic differentiation over NumPy arrays.

A [`Tensor`][] holds an array and remembers the operation that made it and the
tensors it came from: together they form the computation graph. Calling
[`backward`][deepnotes.autodiff.Tensor.backward] on a scalar result visits the
graph in reverse topological order and applies the chain rule at every node,
leaving $\partial J / \partial x$ in ``x.grad`` for every tensor $x$ of the
graph. This is what a framework's autograd does; this one has just enough
operations for the networks of the course.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from deepnotes._checks import as_matrix

__all__ = ["Tensor", "network_cost"]


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting stretched to reach it."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Tensor:
    r"""An array that records how it was computed, so that gradients can flow back.

    Examples
    --------
    >>> from deepnotes.autodiff import Tensor
    >>> a, b, c = Tensor(2.0, name="a"), Tensor(3.0, name="b"), Tensor(5.0, name="c")
    >>> J = (a + b * c) * 3.0   # the course's J = 3 (a + b c)
    >>> J.backward()
    >>> float(J.data), float(a.grad), float(b.grad), float(c.grad)
    (51.0, 3.0, 15.0, 9.0)
    """

    __array_ufunc__ = None  # `array * tensor` calls Tensor.__rmul__, not NumPy's broadcasting

    def __init__(
        self,
        data: Any,
        *,
        parents: tuple[Tensor, ...] = (),
        backward: Callable[[np.ndarray], tuple[np.ndarray, ...]] | None = None,
        op: str = "",
        name: str = "",
    ) -> None:
        array = np.asarray(data, dtype=np.float64)
        self.data = as_matrix(array, "data", ndim=array.ndim)
        self.grad: np.ndarray | None = None
        self.parents = parents
        self._local = backward
        self.op = op
        self.name = name

    def __repr__(self) -> str:
        label = self.name or self.op or "tensor"
        return f"Tensor({label}, shape={self.data.shape})"

    # ------------------------------------------------------------ operations

    @staticmethod
    def _lift(other: Tensor | float | np.ndarray) -> Tensor:
        return other if isinstance(other, Tensor) else Tensor(other)

    def __add__(self, other: Tensor | float | np.ndarray) -> Tensor:
        other = self._lift(other)
        return Tensor(
            self.data + other.data,
            parents=(self, other),
            op="+",
            backward=lambda g: (
                _unbroadcast(g, self.data.shape),
                _unbroadcast(g, other.data.shape),
            ),
        )

    __radd__ = __add__

    def __mul__(self, other: Tensor | float | np.ndarray) -> Tensor:
        other = self._lift(other)
        return Tensor(
            self.data * other.data,
            parents=(self, other),
            op="×",
            backward=lambda g: (
                _unbroadcast(g * other.data, self.data.shape),
                _unbroadcast(g * self.data, other.data.shape),
            ),
        )

    __rmul__ = __mul__

    def __neg__(self) -> Tensor:
        return Tensor(-self.data, parents=(self,), op="−", backward=lambda g: (-g,))

    def __sub__(self, other: Tensor | float | np.ndarray) -> Tensor:
        return self + (-self._lift(other))

    def __rsub__(self, other: Tensor | float | np.ndarray) -> Tensor:
        return self._lift(other) + (-self)

    def __truediv__(self, other: Tensor | float | np.ndarray) -> Tensor:
        other = self._lift(other)
        return Tensor(
            self.data / other.data,
            parents=(self, other),
            op="÷",
            backward=lambda g: (
                _unbroadcast(g / other.data, self.data.shape),
                _unbroadcast(-g * self.data / other.data**2, other.data.shape),
            ),
        )

    def __matmul__(self, other: Tensor) -> Tensor:
        other = self._lift(other)
        return Tensor(
            self.data @ other.data,
            parents=(self, other),
            op="@",
            backward=lambda g: (g @ other.data.T, self.data.T @ g),
        )

    def relu(self) -> Tensor:
        """$\\max(0, x)$, with derivative 0 at 0."""
        return Tensor(
            np.maximum(self.data, 0.0),
            parents=(self,),
            op="relu",
            backward=lambda g: (g * (self.data > 0.0),),
        )

    def sigmoid(self) -> Tensor:
        """$1 / (1 + e^{-x})$, computed without overflow."""
        s = np.exp(-np.logaddexp(0.0, -self.data))
        return Tensor(s, parents=(self,), op="σ", backward=lambda g: (g * s * (1.0 - s),))

    def exp(self) -> Tensor:
        e = np.exp(self.data)
        return Tensor(e, parents=(self,), op="exp", backward=lambda g: (g * e,))

    def log(self) -> Tensor:
        return Tensor(
            np.log(self.data), parents=(self,), op="log", backward=lambda g: (g / self.data,)
        )

    def sum(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        def local(g: np.ndarray) -> tuple[np.ndarray]:
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, self.data.shape).copy(),)

        return Tensor(
            self.data.sum(axis=axis, keepdims=keepdims), parents=(self,), op="Σ", backward=local
        )

    def mean(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        count = self.data.size if axis is None else self.data.shape[axis]
        return self.sum(axis=axis, keepdims=keepdims) * (1.0 / count)

    # ------------------------------------------------------------ the backward pass

    def topological_order(self) -> list[Tensor]:
        """Every tensor of the graph, each after all the tensors it depends on."""
        order: list[Tensor] = []
        seen: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:  # iterative depth-first search: deep graphs do not hit the recursion limit
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents if id(p) not in seen)
        return order

    def backward(self) -> None:
        r"""Fill ``.grad`` of every tensor of the graph with $\partial J / \partial x$.

        $J$ is this tensor, which must hold a single number. Each node passes
        its gradient to its parents through its local derivative and every
        parent adds up what it receives from all its children: the chain rule,
        formula [`chain-rule`][formula-chain-rule],

        $$
        \frac{\partial J}{\partial x} = \sum_{y \,\in\, \text{children}(x)}
        \frac{\partial J}{\partial y}\, \frac{\partial y}{\partial x}
        $$

        Examples
        --------
        >>> from deepnotes.autodiff import Tensor
        >>> x = Tensor([[1.0, 2.0]])
        >>> J = (x * x).sum()   # x is used twice: the gradients add up
        >>> J.backward()
        >>> x.grad.tolist()
        [[2.0, 4.0]]
        """
        if self.data.size != 1:
            raise ValueError(f"backward needs a scalar result, got shape {self.data.shape}")
        order = self.topological_order()
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            if node._local is None:
                continue
            for parent, g in zip(node.parents, node._local(node.grad), strict=True):
                parent.grad = parent.grad + g


def network_cost(
    params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, *, lambd: float = 0.0
) -> tuple[Tensor, dict[str, Tensor]]:
    r"""The cost of [`deepnotes.network`][]'s network, built from [`Tensor`][] operations.

    Hidden layers are ReLU; the output is a sigmoid with binary cross-entropy
    for one output unit, a softmax with cross-entropy otherwise; with
    ``lambd > 0`` the L2 term is added. Batch norm and dropout are not built
    here: ``params`` must hold ``W{l}`` and ``b{l}`` only. After ``J.backward()``, each tensor of
    the returned dict holds in ``.grad`` the same gradient as
    [`deepnotes.network.backward`][].

    Returns
    -------
    J : Tensor
        The cost, a scalar.
    leaves : dict of str to Tensor
        One tensor per parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from deepnotes import network
    >>> from deepnotes.initializers import he
    >>> from deepnotes.autodiff import network_cost
    >>> rng = np.random.default_rng(0)
    >>> params = he([3, 4, 2], rng=rng)
    >>> X, Y = rng.normal(size=(3, 5)), np.eye(2)[:, [0, 1, 1, 0, 1]]
    >>> J, leaves = network_cost(params, X, Y, lambd=0.3)
    >>> J.backward()
    >>> grads = network.backward(network.forward(params, X), Y, params, lambd=0.3)
    >>> max(float(np.abs(leaves[k].grad - grads[f"d{k}"]).max()) for k in params) < 1e-12
    True
    """
    leaves = {key: Tensor(value, name=key) for key, value in params.items()}
    L = sum(1 for key in params if key.startswith("W"))
    m = np.shape(X)[1]
    A = Tensor(X, name="X")
    for l in range(1, L):
        A = (leaves[f"W{l}"] @ A + leaves[f"b{l}"]).relu()
    Z = leaves[f"W{L}"] @ A + leaves[f"b{L}"]
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape[0] == 1:
        AL = Z.sigmoid()
        J = -(Y * AL.log() + (1.0 - Y) * (1.0 - AL).log()).sum() * (1.0 / m)
    else:
        E = (Z - Z.data.max(axis=0, keepdims=True)).exp()  # the shift is a constant
        AL = E / E.sum(axis=0, keepdims=True)
        J = -(Y * AL.log()).sum() * (1.0 / m)
    if lambd:
        squares = [(leaves[f"W{l}"] * leaves[f"W{l}"]).sum() for l in range(1, L + 1)]
        total = squares[0]
        for term in squares[1:]:
            total = total + term
        J = J + total * (lambd / (2 * m))
    return J, leaves
