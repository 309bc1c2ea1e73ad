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

  function scrollers() {
    document.querySelectorAll(".math-display, .md-typeset__scrollwrap").forEach((box) => {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  let pending = false;
  function update() {
    // Once per frame at most: measuring widths after every mutation would force layouts.
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      name();
      scrollers();
    });
  }

  name();
  scrollers();
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", scrollers);
})();
