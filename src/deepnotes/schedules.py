r"""Learning-rate decay: large steps early, small steps near the minimum.

With mini-batches, gradient descent never settles: it wanders around the
minimum in a region whose size grows with the learning rate. Shrinking $\alpha$
as training goes on lets it settle. Each schedule maps the initial rate
$\alpha_0$ and the epoch number to the rate for that epoch; with
[`deepnotes.training.fit`][], pass one as
``schedule=lambda epoch: inverse_time_decay(0.1, epoch, decay_rate=1.0)``.
"""

from __future__ import annotations

import numpy as np

from deepnotes._checks import check_int, check_interval

__all__ = ["exponential_decay", "inverse_sqrt_decay", "inverse_time_decay", "staircase_decay"]


def _check(learning_rate0: object, epoch: object, *, first: int = 0) -> tuple[float, int]:
    lr = check_interval(learning_rate0, "learning_rate0", low=0.0, high=np.inf, closed="left")
    return lr, check_int(epoch, "epoch", minimum=first)


def inverse_time_decay(learning_rate0: float, epoch: int, *, decay_rate: float) -> float:
    r"""The course's main schedule: the rate falls like $1/\text{epoch}$.

    $$
    \alpha = \frac{1}{1 + \text{decay\_rate} \cdot \text{epoch}}\, \alpha_0
    $$

    This is formula [`lr-inverse-time`][formula-lr-inverse-time].

    Examples
    --------
    >>> from deepnotes.schedules import inverse_time_decay
    >>> [round(inverse_time_decay(0.2, e, decay_rate=1.0), 4) for e in range(4)]
    [0.2, 0.1, 0.0667, 0.05]
    """
    lr, epoch = _check(learning_rate0, epoch)
    decay_rate = check_interval(decay_rate, "decay_rate", low=0.0, high=np.inf, closed="left")
    return lr / (1.0 + decay_rate * epoch)


def exponential_decay(learning_rate0: float, epoch: int, *, base: float) -> float:
    r"""Exponential decay: the rate is multiplied by ``base`` every epoch.

    $$
    \alpha = \text{base}^{\,\text{epoch}}\, \alpha_0, \qquad 0 < \text{base} \le 1
    $$

    This is formula [`lr-exponential`][formula-lr-exponential] (the course
    uses, for example, $0.95^{\text{epoch}}$).

    Examples
    --------
    >>> from deepnotes.schedules import exponential_decay
    >>> round(exponential_decay(0.2, 3, base=0.5), 6)
    0.025
    """
    lr, epoch = _check(learning_rate0, epoch)
    base = check_interval(base, "base", low=0.0, high=1.0, closed="right")
    return lr * base**epoch


def inverse_sqrt_decay(learning_rate0: float, epoch: int, *, k: float) -> float:
    r"""The rate falls like $1/\sqrt{\text{epoch}}$.

    $$
    \alpha = \frac{k}{\sqrt{\text{epoch}}}\, \alpha_0, \qquad \text{epoch} \ge 1
    $$

    This is formula [`lr-inverse-sqrt`][formula-lr-inverse-sqrt]. The
    formula is undefined at epoch 0, so epochs count from 1 here; with
    [`fit`][deepnotes.training.fit], whose epochs count from 0, pass
    ``schedule=lambda epoch: inverse_sqrt_decay(a0, epoch + 1, k=k)``.

    Examples
    --------
    >>> from deepnotes.schedules import inverse_sqrt_decay
    >>> [round(inverse_sqrt_decay(0.1, e, k=1.0), 6) for e in (1, 4, 100)]
    [0.1, 0.05, 0.01]
    """
    lr, epoch = _check(learning_rate0, epoch, first=1)
    k = check_interval(k, "k", low=0.0, high=np.inf, closed="neither")
    return float(k / np.sqrt(epoch) * lr)


def staircase_decay(
    learning_rate0: float, epoch: int, *, decay_rate: float, time_interval: int
) -> float:
    r"""Inverse-time decay applied in steps: the rate changes every ``time_interval`` epochs.

    $$
    \alpha = \frac{1}{1 + \text{decay\_rate} \cdot \left\lfloor
    \frac{\text{epoch}}{\text{time\_interval}} \right\rfloor}\, \alpha_0
    $$

    This is formula [`lr-staircase`][formula-lr-staircase]. Between two steps
    the rate is constant, which is the schedule of the course's programming
    exercise (there with ``time_interval=1000``).

    Examples
    --------
    >>> from deepnotes.schedules import staircase_decay
    >>> rates = [staircase_decay(0.3, e, decay_rate=1.0, time_interval=10) for e in (0, 9, 10, 25)]
    >>> [round(rate, 6) for rate in rates]
    [0.3, 0.3, 0.15, 0.1]
    """
    lr, epoch = _check(learning_rate0, epoch)
    decay_rate = check_interval(decay_rate, "decay_rate", low=0.0, high=np.inf, closed="left")
    time_interval = check_int(time_interval, "time_interval", minimum=1)
    return lr / (1.0 + decay_rate * (epoch // time_interval))
