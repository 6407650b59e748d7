"""tsunagu's benchmark suite: run on demand (`make bench`), never part of `make test`."""
