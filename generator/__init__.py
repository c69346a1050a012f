"""Monitoring site generator: yearly data packages -> scores -> a static site.

The pipeline is `load -> validate -> compute -> render -> write`; each stage is
its own module and only `load` and `write`/`build` touch the disk.
"""

__version__ = "0.1.0"
