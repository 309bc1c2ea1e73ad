// Explorable figures (deepnotes.explorable): the build computed every frame, its paths and
// its sentence; this script only chooses the frame that the controls name and swaps it in.
// It does no arithmetic on the data. Without it, the figure is its default frame.
(() => {
  "use strict";

  function explorable(figure) {
    const source = figure.querySelector("script.dn-explorable__frames");
    const form = figure.querySelector(".dn-explorable__controls");
    const status = figure.querySelector(".dn-explorable__status");
    if (!source || !form || !status || figure.dataset.dnReady) return;
    figure.dataset.dnReady = "true";
    let data = null; // parsed on the first change: the first view needs none of it

    function frameKey() {
      return data.controls.map((control) => form.elements[control.name].value).join(",");
    }

    function show() {
      data = data || JSON.parse(source.textContent);
      const [sentence, paths] = data.frames[frameKey()];
      data.targets.forEach((gid, i) => {
        const path = figure.querySelector(`[data-dn="${gid}"] path`);
        if (path) path.setAttribute("d", data.paths[paths[i]]);
      });
      for (const control of data.controls) {
        const input = form.elements[control.name];
        if (input instanceof HTMLInputElement && input.type === "range") {
          const text = control.texts[Number(input.value)];
          input.setAttribute("aria-valuetext", text);
          const output = form.querySelector(`output[for="${input.id}"]`);
          if (output) output.textContent = text;
        }
      }
      status.textContent = sentence;
    }

    form.addEventListener("input", show);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    status.hidden = false;
  }

  function setUp() {
    document.querySelectorAll("figure.dn-explorable").forEach(explorable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
