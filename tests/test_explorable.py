"""Explorable figures: every frame's paths are the paths matplotlib draws for its lines."""

from __future__ import annotations

import html as html_module
import json
import re

import numpy as np
import pytest

from deepnotes import explorable, plotting

X = np.linspace(0.0, 1.0, 30)
RATES = explorable.Slider("rate", "rate", (0.5, 1.0, 2.0), default=1.0, symbol="r")
KIND = explorable.Choice("kind", "kind", ("line", "square"), default="line")


def frames(controls=(RATES, KIND)):
    def lines(rate, kind="line"):
        y = rate * (X if kind == "line" else X**2)
        return {"dn-curve": (X, y), "dn-mirror": (X, -y)}

    keys = [(r,) for r in RATES.values] if len(controls) == 1 else None
    keys = keys or [(r, k) for r in RATES.values for k in KIND.values]
    return {key: explorable.Frame(lines(*key), f"setting {key}") for key in keys}


def figure(rate=1.0, kind="line", *, log=False):
    fig, (left, right) = plotting.figure(1, 2)
    y = rate * (X if kind == "line" else X**2)
    left.plot(X, y, gid="dn-curve")
    right.plot(X, -y if not log else np.abs(y) + 1e-3, gid="dn-mirror")
    left.set_ylim(0, 2)
    right.set_ylim(-2, 0)
    return fig


def data(html: str) -> dict:
    return json.loads(re.search(r'class="dn-explorable__frames">(.*?)</script>', html)[1])


def test_each_frame_is_what_matplotlib_draws_for_it():
    """Drawn at each setting as an ordinary figure, a frame's lines have the paths stored."""
    html = explorable.to_html(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    stored = data(html)
    assert stored["targets"] == ["dn-curve", "dn-mirror"]
    for key, (sentence, indices) in stored["frames"].items():
        r, k = (int(i) for i in key.split(","))
        rate, kind = RATES.values[r], KIND.values[k]
        assert sentence == f"setting {(rate, kind)}"
        alone = plotting.to_html(figure(rate, kind), name="t", alt="A.", caption="C.")
        drawn = dict(re.findall(r'data-dn="(dn-[\w-]+)">\s*<path d="([^"]*)"', alone))
        for gid, index in zip(stored["targets"], indices, strict=True):
            assert explorable._same_path(drawn[gid], _absolute(stored["paths"][index])), key


def _absolute(compact: str) -> str:
    """The stored path (moves absolute, lines relative) as absolute moves and lines."""
    out, x, y = [], 0.0, 0.0
    for command, numbers in re.findall(r"([Ml])([^Ml]*)", compact):
        values = [float(v) for v in numbers.split()]
        pairs = list(zip(values[::2], values[1::2], strict=True))
        for i, (a, b) in enumerate(pairs):
            if command == "M" and i == 0:
                x, y = a, b
                out.append(f"M {x} {y}")
            else:
                x, y = x + a, y + b
                out.append(f"L {x} {y}")
    return " ".join(out)


def test_the_page_states_the_grid_and_the_default_frame():
    html = explorable.to_html(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    assert "The build computed all 6 frames: r ∈ {0.5, 1, 2}, kind ∈ {line, square}." in html
    assert 'aria-valuetext="r = 1"' in html and "<output" in html and "<legend>kind" in html
    status = html_module.unescape(
        re.search(r'aria-live="polite" hidden data-search-exclude>([^<]*)<', html)[1]
    )
    assert status == "setting (1.0, 'line')"
    assert html.index("dn-explorable__controls") < html.index("<figcaption>")


def test_frames_are_deterministic_and_shared_paths_are_stored_once():
    first = explorable.to_html(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    second = explorable.to_html(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    assert first == second
    stored = data(first)
    assert len(stored["paths"]) == len(set(stored["paths"])) <= 12


def test_a_log_axis_and_an_empty_line():
    def lines(rate):
        y = np.abs(rate * X) + 1e-3
        return {"dn-curve": (X, rate * X), "dn-mirror": (X, y) if rate < 2 else ([], [])}

    fig = figure(log=True)
    fig.axes[1].set_yscale("log")
    fig.axes[1].set_ylim(1e-3, 10)
    chosen = {(r,): explorable.Frame(lines(r), str(r)) for r in RATES.values}
    stored = data(explorable.to_html(fig, chosen, [RATES], name="t", alt="A.", caption="C."))
    assert stored["paths"][stored["frames"]["2"][1][1]] == ""  # nothing to draw


def test_a_figure_that_does_not_draw_the_default_frame_is_refused():
    with pytest.raises(ValueError, match="must draw the default frame"):
        explorable.to_html(
            figure(rate=2.0), frames(), [RATES, KIND], name="t", alt="A.", caption="C."
        )


@pytest.mark.parametrize(
    ("controls", "chosen", "message"),
    [
        ([], None, "non-empty list"),
        ([RATES, RATES], None, "distinct names"),
        ([explorable.Slider("r", "r", (1.0, 2.0), 3.0, "r")], None, "default among them"),
        ([explorable.Slider("r", "r", (1.0,), 1.0, "r")], None, "two values or more"),
        ([RATES, KIND], "missing", "missing"),
        ([RATES, KIND], "unmarked", "gid='dn-...'"),
    ],
)
def test_bad_input_is_named(controls, chosen, message):
    all_frames = frames()
    if chosen == "missing":
        all_frames.pop((2.0, "square"))
    if chosen == "unmarked":
        key = (2.0, "square")
        all_frames[key] = explorable.Frame({"dn-curve": (X, X)}, "half")
    with pytest.raises(ValueError, match=re.escape(message)):
        explorable.to_html(figure(), all_frames, controls, name="t", alt="A.", caption="C.")


def test_show_prints_the_explorable_for_the_build(monkeypatch, capsys):
    monkeypatch.setenv(plotting.FIGURES_VARIABLE, "html")
    explorable.show(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    assert 'class="dn-figure dn-explorable"' in capsys.readouterr().out


def test_show_in_a_script_prints_the_sweep_and_saves_the_default(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv(plotting.FIGURES_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    explorable.show(figure(), frames(), [RATES, KIND], name="t", alt="A.", caption="C.")
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("setting")] == [
        f"setting {(r, 'line')}" for r in RATES.values
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["t.png"]


def test_number_writes_powers_of_ten():
    assert explorable.number(1.3e-9) == "1.3 × 10⁻⁹"
    assert explorable.number(-4.5e7) == "-4.5 × 10⁷"
    assert explorable.number(0.25) == "0.25" and explorable.number(0) == "0"
    assert explorable.number(150.4) == "150" and explorable.number(2512.0) == "2,500"
    assert explorable.number(9.96) == "10" and explorable.number(0.0123) == "0.012"


# In a browser: the reader's keyboard moves a control, and the page shows the frame the build
# computed for the new setting.

EXPLORABLES = {
    "optimization": ["explore-ewa", "explore-bowl"],
    "initialization": ["explore-scale"],
    "regularization": ["explore-l2"],
    "batch-normalization": ["explore-bn"],
    "tuning": ["explore-trials"],
}


STATE = """(name) => {
  const figure = document.getElementById(`fig-${name}`);
  const data = JSON.parse(figure.querySelector("script.dn-explorable__frames").textContent);
  const path = (gid) => figure.querySelector(`[data-dn="${gid}"] path`).getAttribute("d");
  const ranges = [...figure.querySelectorAll("input[type=range]")];
  return {
    paths: data.targets.map(path),
    status: figure.querySelector(".dn-explorable__status").textContent,
    hidden: figure.querySelector(".dn-explorable__controls").hidden,
    values: ranges.map((input) => input.getAttribute("aria-valuetext")),
  };
}"""


def _controls(html: str, name: str) -> list[tuple[str, int, int, bool]]:
    """Each control of explorable ``name`` in the built HTML: its input's name, its default
    index, its number of values, and whether it is a slider."""
    figure = _figure_html(html, name)
    found = []
    for kind, body in re.findall(
        r'<(div|fieldset) class="dn-explorable__control">(.*?)</\1>', figure, re.S
    ):
        if kind == "div":
            m = re.search(r'name="(\w+)" min="0" max="(\d+)" step="1" value="(\d+)"', body)
            found.append((m[1], int(m[3]), int(m[2]) + 1, True))
        else:
            radios = re.findall(r'name="(\w+)" value="(\d+)"( checked)?', body)
            default = next(int(v) for _, v, c in radios if c)
            found.append((radios[0][0], default, len(radios), False))
    return found


def _figure_html(html: str, name: str) -> str:
    return re.search(
        rf'<figure class="dn-figure dn-explorable" id="fig-{name}">.*?</figure>', html, re.S
    )[0]


def _check_every_control(page, html: str, name: str) -> int:
    """Press the right arrow on each control in turn; after each press the figure shows the
    frame that the build stored for the new setting. Returns how many presses changed a path."""
    stored = data(_figure_html(html, name))
    controls = _controls(html, name)
    state = [default for _, default, _, _ in controls]
    page.locator(f"#fig-{name}").scroll_into_view_if_needed()
    before = page.evaluate(STATE, name)
    assert before["hidden"] is False  # the script showed the controls
    moved = 0
    for k, (control, default, count, slider) in enumerate(controls):
        inputs = page.locator(f'#fig-{name} input[name="{control}"]')
        (inputs if slider else inputs.and_(page.locator(":checked"))).focus()
        page.keyboard.press("ArrowRight")
        state[k] = (default + 1) % count
        sentence, indices = stored["frames"][",".join(map(str, state))]
        after = page.evaluate(STATE, name)
        assert after["paths"] == [stored["paths"][i] for i in indices], (name, control)
        assert after["status"] == sentence, (name, control)
        texts = [
            c["texts"][s]
            for c, s, (*_, is_slider) in zip(stored["controls"], state, controls, strict=True)
            if is_slider
        ]
        assert after["values"] == texts, (name, control)
        moved += after["paths"] != before["paths"]
        before = after
    return moved


@pytest.mark.parametrize("chapter", sorted(EXPLORABLES))
def test_the_keyboard_moves_each_control_to_the_frame_the_build_computed(chromium, site, chapter):
    import local_server

    html = (site / chapter / "index.html").read_text()
    with local_server.serve(site) as base:
        page = chromium.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/{chapter}/", wait_until="networkidle")
        for name in EXPLORABLES[chapter]:
            assert _check_every_control(page, html, name) >= 1, name
        page.close()
    assert errors == []


def test_the_explorables_work_from_a_folder(chromium, offline_site):
    for chapter, names in EXPLORABLES.items():
        path = offline_site / f"{chapter}.html"
        if not path.exists():
            path = offline_site / chapter / "index.html"
        page = chromium.new_page()
        page.goto(path.as_uri(), wait_until="load")
        for name in names:
            assert _check_every_control(page, path.read_text(), name) >= 1, name
        page.close()


def test_without_javascript_an_explorable_is_its_default_figure(site):
    """The controls and the sentence wait hidden for the script; the caption and the text
    alternative describe the default frame."""
    for chapter, names in EXPLORABLES.items():
        html = (site / chapter / "index.html").read_text()
        for name in names:
            figure = re.search(rf'id="fig-{name}">(.*?)</figure>', html, re.S)[1]
            assert '<form class="dn-explorable__controls" hidden data-search-exclude>' in figure
            assert 'aria-live="polite" hidden data-search-exclude>' in figure
            assert 'role="img" aria-label="' in figure and "<figcaption>" in figure
