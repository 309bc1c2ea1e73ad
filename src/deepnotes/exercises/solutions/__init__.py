"""The exercises' solutions as a reader would write them: plain NumPy, with their imports.

Each module holds one function with the exercise's signature and nothing the
reader has not written: no argument checks and no private helpers of the
package. Pasted over its stub on the page, it runs in a fresh interpreter and
passes [`check`][deepnotes.exercises.check]; [`solution`][deepnotes.exercises.solution]
shows it. The package's validated implementations are in their own modules.
"""
