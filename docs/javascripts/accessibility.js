// Names for the controls that Material for MkDocs creates while the page runs, so that a
// screen reader can tell them apart, and keyboard access to regions that scroll sideways.
(function () {
  let codeBlocks = 0;

  function name() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach((search) => {
      search.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach((nav) => {
      codeBlocks += 1;
      nav.setAttribute("aria-label", `Code block ${codeBlocks}`);
    });
    document.querySelectorAll("a[href*='_annotation_']:not([aria-label])").forEach((link) => {
      const number = link.getAttribute("href").split("_annotation_").pop();
      link.setAttribute("aria-label", `Annotation ${number}`);
    });
  }

  // A region that scrolls sideways (a wide formula, table or figure) takes the keyboard
  // focus, so that the arrow keys can scroll it. Measuring a width lays the region out, so
  // regions are measured as they come near the viewport, and the rest in idle time: the
  // page's first layout stays as small as its styles allow (figures and code blocks that
  // are off screen are not laid out at all).
  const SCROLLERS = ".math-display, .md-typeset__scrollwrap, .dn-figure__scroll";
  const known = new WeakSet();
  let queue = [];

  function measure(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  }

  const near = new IntersectionObserver(
    (entries) => entries.forEach((entry) => entry.isIntersecting && measure(entry.target)),
    { rootMargin: "100% 0px" },
  );

  const idle = window.requestIdleCallback || ((run) => setTimeout(() => run({ timeRemaining: () => 8 }), 50));
  let sweeping = false;
  function sweep(deadline) {
    while (queue.length && deadline.timeRemaining() > 2) measure(queue.shift());
    sweeping = queue.length > 0;
    if (sweeping) idle(sweep);
  }
  function later(boxes) {
    queue.push(...boxes);
    if (!sweeping && queue.length) {
      sweeping = true;
      idle(sweep);
    }
  }

  function watch() {
    const fresh = [...document.querySelectorAll(SCROLLERS)].filter((box) => !known.has(box));
    fresh.forEach((box) => {
      known.add(box);
      near.observe(box);
    });
    later(fresh);
  }

  let pending = false;
  function update() {
    // Once per frame at most, whatever the number of mutations.
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      name();
      watch();
    });
  }

  name();
  watch();
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", () => later(document.querySelectorAll(SCROLLERS)));
})();
