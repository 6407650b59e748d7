"""tsunagu's settings with the benchmark ceilings mounted (benchmarks.urls): what benchmark servers run."""

from tsunagu.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
