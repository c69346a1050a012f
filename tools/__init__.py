"""Developer tools, not part of the installed package: synthetic data
(`python -m tools.synth`) and the benchmark (`python -m tools.bench`,
`make bench`). They run from a checkout of the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository checkout
