"""Plots for docs/performance.md: the posting surge over time (task queue length and feed latency)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.surge import Surge


def surge_plot(result: Surge, title: str, path: Path) -> None:
    """Queue length and feed latency against time, with the surge shaded and the posts sent per second; SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times = [t for t, _, _ in result.samples]
    start, end = result.surge_window
    figure, (posts, queue, latency) = plt.subplots(3, 1, sharex=True, figsize=(8, 6.5), layout="constrained")
    seconds = int(max([*times, *(t for t, _, _, _ in result.posts), 0])) + 1
    sent = [0] * seconds
    for due, _, _, _ in result.posts:
        sent[int(due)] += 1
    posts.step(range(seconds), sent, where="post", color="tab:green")
    posts.set_ylabel("posts sent / s")
    queue.plot(times, [q for _, q, _ in result.samples], color="tab:blue")
    queue.set_ylabel("task queue length")
    latency.plot(times, [ms for _, _, ms in result.samples], color="tab:red")
    latency.set_ylabel("feed API latency (ms)")
    latency.set_xlabel("seconds")
    for axes in (posts, queue, latency):
        axes.axvspan(start, end, color="0.9", zorder=0)
        axes.grid(True, alpha=0.3)
        axes.set_ylim(bottom=0)
    figure.suptitle(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
