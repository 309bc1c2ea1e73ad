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
- ``copying``: a session's copy button copies its statements alone, signatures have
  none, and folded source code says it is an excerpt of its module.

``excerpts`` is no extension: a chapter's hidden block calls it to show a function's
source, labelled as an excerpt.

What only MkDocs runs stays in ``scripts/hooks``: the chapter notebooks and the
offline copy add files to the site, which no Markdown extension can do, and the
benchmark's per-page timings.
"""
