"""The machinery of the notes' site, as Python-Markdown extensions.

Each module is one extension, listed under ``markdown_extensions`` in
``mkdocs.yml``. They use nothing but Python-Markdown's own interfaces, so the
site builds the same under MkDocs and under Zensical, which both read that file:

- ``reproducible``: the same sources give the same bytes (one BLAS thread,
  off-screen figures, a fixed build date);
- ``formulas``: formula blocks, each tied to the function that implements it,
  and the formula index;
- ``mathml``: LaTeX to MathML at build time, drawn with a self-hosted math font;
- ``search_exclude``: folded source code stays out of the search index;
- ``folded``: folded source code waits in a ``<template>`` until it is opened;
- ``notebooks``: every chapter, also as a Jupyter notebook (kept current in
  ``docs/notebooks``);
- ``copying``: a session's copy button copies its statements alone, signatures have
  none, and folded source code says it is an excerpt of its module.

The rest is no extension. ``excerpts``: a chapter's hidden block calls it to show a
function's source, labelled as an excerpt. ``page_code``: the code blocks of a page, as a
reader sees and copies them. ``templates``: mkdocstrings' template for a function's folded
source, which also shows the private function that a public one leaves its computing to.

What only MkDocs runs stays in ``scripts/hooks``: the benchmark's per-page timings.
"""
