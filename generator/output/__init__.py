"""Output: the files of an output directory in, the directory on disk out: the manifest, the
whole directory swapped in at once (or compared, for `check`), every path checked against
the output directory.

Imports nothing from the other stages.
"""
