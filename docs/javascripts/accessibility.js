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

  // A region that scrolls sideways (a wide formula or table) takes the keyboard
  // focus, so that the arrow keys can scroll it. Measuring a width lays the region out, so
  // regions are measured as they come near the viewport, and the rest in idle time: the
  // page's first layout stays as small as its styles allow (figures and code blocks that
  // are off screen are not laid out at all).
  const SCROLLERS = ".math-display, .md-typeset__scrollwrap";
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

  // On a phone and a tablet the navigation is a drawer that slides in from the left, and
  // the search a panel over the page. Closed, they sit off screen, yet their links would
  // still take the keyboard focus, dozens of presses of Tab with nothing visible: while
  // closed they are inert. Their header buttons are labels of checkboxes, which a keyboard
  // cannot reach: each becomes a real button that works the checkbox.
  const DRAWER_MEDIA = window.matchMedia("(max-width: 76.234375em)");
  const SEARCH_MEDIA = window.matchMedia("(max-width: 59.984375em)");
  const panels = [
    { toggle: "__drawer", panel: ".md-sidebar--primary", media: DRAWER_MEDIA, name: "Navigation" },
    { toggle: "__search", panel: ".md-search__inner", media: SEARCH_MEDIA, name: "Search" },
    // On a desktop the search box stays in the header; its results wait until it is used.
    { toggle: "__search", panel: ".md-search__output", media: window.matchMedia("all") },
  ];

  function shut(panel, toggle, media) {
    const element = document.querySelector(panel);
    const box = document.getElementById(toggle);
    if (!element || !box) return;
    element.inert = media.matches && !box.checked;
    document.querySelectorAll(`button[data-dn-for="${toggle}"]`).forEach((button) => {
      button.setAttribute("aria-expanded", String(box.checked));
    });
  }

  function button(label, box, panel, name) {
    const made = document.createElement("button");
    made.type = "button";
    made.className = label.className;
    made.dataset.dnFor = box.id;
    made.innerHTML = label.innerHTML;
    made.setAttribute("aria-label", label.getAttribute("aria-label") || name);
    made.addEventListener("click", () => {
      box.click(); // as Material does: its change event follows
      if (!box.checked) return;
      const target = box.id === "__drawer"
        ? document.querySelector(`${panel} a[href]`)
        : document.querySelector(".md-search__input");
      if (target) target.focus();
    });
    label.replaceWith(made);
  }

  function buttons() {
    panels.forEach(({ toggle, panel, media, name }) => {
      const box = document.getElementById(toggle);
      if (!box) return;
      if (name) {
        document.querySelectorAll(`label.md-header__button[for="${toggle}"]`).forEach((label) => {
          button(label, box, panel, name);
        });
      }
      box.addEventListener("change", () => shut(panel, toggle, media));
      media.addEventListener("change", () => shut(panel, toggle, media));
      shut(panel, toggle, media);
    });
    // Escape closes an open drawer and gives the focus back to its button.
    document.addEventListener("keydown", (event) => {
      const drawer = document.getElementById("__drawer");
      if (event.key !== "Escape" || !drawer || !drawer.checked) return;
      drawer.click();
      const opener = document.querySelector('button[data-dn-for="__drawer"]');
      if (opener) opener.focus();
    });
  }

  // The API pages keep each function's folded source code in a <template> (see
  // deepnotes_docs/folded.py): it takes its place when a reader opens the fold, or prints.
  function unfold(details) {
    const template = details.querySelector(":scope > template[data-dn-folded]");
    if (template) template.replaceWith(template.content);
  }
  document.addEventListener(
    "toggle",
    (event) => event.target.open && event.target.tagName === "DETAILS" && unfold(event.target),
    true,
  );
  window.addEventListener("beforeprint", () => document.querySelectorAll("details").forEach(unfold));

  // A search result that matched only in a page's sections links to the page with an empty
  // highlight ("?h="): the link goes to the page itself, without it.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest(".md-search-result a[href*='h=']");
      if (!link) return;
      const url = new URL(link.href);
      if (url.searchParams.get("h") === "") {
        url.searchParams.delete("h");
        link.href = url.href;
      }
    },
    true,
  );

  buttons();
  name();
  watch();
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", () => later(document.querySelectorAll(SCROLLERS)));
})();
