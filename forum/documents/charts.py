"""Charts drawn on the server as SVG: no chart library, nothing to run in the browser.

The time-series helpers are pure functions (times in, counts out); `render_svg` draws a `Chart` of
bars and lines. Every chart carries a <title> and a <desc> (screen readers announce them), and every
bar and point its label and value as data attributes, for the page's data table and for tests.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from markupsafe import Markup

STEPS_MINUTES = (5, 10, 15, 30, 60, 120, 240, 480, 1440)
MAX_SLOTS = 144  # 12 hours of 5-minute slots; a longer span takes wider slots


# --- time series ----------------------------------------------------------------------------

def step_for(start: datetime, end: datetime, max_slots: int = MAX_SLOTS) -> timedelta:
    """5 minutes, or the shortest wider step that keeps the span within `max_slots` slots (so a chart never
    has more than about `max_slots` bars or points, whatever the data)."""
    span = max(end - start, timedelta(0))
    for minutes in STEPS_MINUTES:
        if span / timedelta(minutes=minutes) < max_slots:
            return timedelta(minutes=minutes)
    return timedelta(days=span // timedelta(days=1) // max_slots + 1)  # whole days, never more than max_slots


def floor_time(moment: datetime, step: timedelta) -> datetime:
    """The start of the slot containing `moment` (slots are aligned on the hour, in UTC)."""
    base = moment.replace(minute=0, second=0, microsecond=0)
    if step >= timedelta(hours=1):
        base = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return base + ((moment - base) // step) * step


@dataclass(frozen=True)
class Slots:
    """Counts per time slot: slot i covers [start + i*step, start + (i+1)*step)."""

    start: datetime
    step: timedelta
    counts: list[int]

    @property
    def starts(self) -> list[datetime]:
        return [self.start + i * self.step for i in range(len(self.counts))]

    def cumulative(self) -> list[int]:
        total, out = 0, []
        for n in self.counts:
            total += n
            out.append(total)
        return out


def per_slot(times: Iterable[datetime], min_slots: int = 6) -> Slots | None:
    """How many of `times` fall in each slot (5 minutes, wider for long spans); None without times.
    A short burst is followed by empty slots up to `min_slots`, so one bar does not fill the chart."""
    ordered = sorted(times)
    if not ordered:
        return None
    step = step_for(ordered[0], ordered[-1])
    start = floor_time(ordered[0], step)
    counts = [0] * max(int((ordered[-1] - start) // step) + 1, min_slots)
    for moment in ordered:
        counts[int((moment - start) // step)] += 1
    return Slots(start, step, counts)


def concurrent(spans: Sequence[tuple[datetime, datetime]], moments: Sequence[datetime]) -> list[int]:
    """For each moment, how many spans [start, end) contain it."""
    starts = sorted(start for start, _end in spans)
    ends = sorted(end for _start, end in spans)
    return [bisect_right(starts, moment) - bisect_right(ends, moment) for moment in moments]


def sample_times(first: datetime, last: datetime) -> list[datetime]:
    """Slot boundaries from the slot of `first` up to `last` (inclusive), 5 minutes apart or wider."""
    step = step_for(first, last)
    moment, out = floor_time(first, step), []
    while moment <= last:
        out.append(moment)
        moment += step
    return out


# --- drawing --------------------------------------------------------------------------------

@dataclass
class Series:
    name: str
    values: list[int]
    kind: str = "bar"  # bar | line
    axis: str = "left"  # left | right: a line of totals gets a scale of its own


@dataclass
class Chart:
    id: str  # unique in the page, used for the title's id
    title: str
    description: str
    labels: list[str]  # one per slot or sample, shown under the x axis and in the data table
    series: list[Series] = field(default_factory=list)
    x_title: str = ""
    empty_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.labels

    def rows(self) -> list[tuple[str, list[int]]]:
        """The data table: one row per label with every series' value."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]


WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 44
MAX_X_LABELS = 6
MAX_BAR_WIDTH = 36


def _nice_max(value: int) -> int:
    """The top of a scale: 1, 2, 5, 10, 20, 50… at or above `value` (at least 1)."""
    top, factors, i = 1, (2, 2.5, 2), 0
    while top < value:
        top, i = int(top * factors[i % 3]), i + 1
    return top


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _el(tag: str, attrs: dict, *children) -> Markup:
    """One SVG element; attribute values and text children are escaped (Markup children are kept)."""
    attr_text = Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in attrs.items())
    return Markup("<{0}{1}>{2}</{0}>").format(tag, attr_text, Markup("").join(children))


def render_svg(chart: Chart) -> Markup:
    """The chart as an inline <svg> (role img, titled and described)."""
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    parts = [_el("title", {"id": title_id}, chart.title), _el("desc", {"id": desc_id}, chart.description)]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_h
    parts.append(_el("line", {"class": "axis", "x1": LEFT, "y1": bottom, "x2": LEFT + plot_w, "y2": bottom}))
    if chart.is_empty:
        parts.append(_el("text", {"class": "empty", "x": WIDTH // 2, "y": TOP + plot_h // 2, "text-anchor": "middle"},
                         chart.empty_text))
    else:
        parts += _plot(chart, plot_w, plot_h, bottom)
    return _el("svg", {"class": "chart", "id": chart.id, "role": "img", "viewBox": f"0 0 {WIDTH} {HEIGHT}",
                       "aria-labelledby": f"{title_id} {desc_id}", "xmlns": "http://www.w3.org/2000/svg"}, *parts)


def _plot(chart: Chart, plot_w: int, plot_h: int, bottom: int) -> list[Markup]:
    parts = []
    n = len(chart.labels)
    slot = plot_w / n
    tops = {axis: _nice_max(max((max(s.values, default=0) for s in chart.series if s.axis == axis), default=0))
            for axis in ("left", "right")}
    used = {s.axis for s in chart.series}

    def y(value: int, axis: str) -> float:
        return bottom - plot_h * value / tops[axis]

    for axis in ("left", "right"):
        if axis not in used:
            continue
        x, anchor = (LEFT - 6, "end") if axis == "left" else (LEFT + plot_w + 6, "start")
        for value in (0, tops[axis] // 2, tops[axis]) if tops[axis] > 1 else (0, 1):
            parts.append(_el("text", {"class": f"tick {axis}", "x": x, "y": _num(y(value, axis) + 4),
                                      "text-anchor": anchor}, str(value)))
            if axis == "left" or "left" not in used:
                parts.append(_el("line", {"class": "grid", "x1": LEFT, "y1": _num(y(value, axis)),
                                          "x2": LEFT + plot_w, "y2": _num(y(value, axis))}))
    every = max(1, -(-n // MAX_X_LABELS))
    for i in range(0, n, every):
        parts.append(_el("text", {"class": "tick x", "x": _num(LEFT + slot * (i + 0.5)), "y": bottom + 18,
                                  "text-anchor": "middle"}, chart.labels[i]))
    if chart.x_title:
        parts.append(_el("text", {"class": "axis-title", "x": LEFT + plot_w // 2, "y": HEIGHT - 4,
                                  "text-anchor": "middle"}, chart.x_title))
    for index, series in enumerate(chart.series):
        marks = []
        if series.kind == "bar":
            width = min(max(slot * 0.8, 1), MAX_BAR_WIDTH)
            for i, value in enumerate(series.values):
                top = y(value, series.axis)
                marks.append(_el("rect", {"class": "bar", "x": _num(LEFT + slot * i + (slot - width) / 2),
                                          "y": _num(top), "width": _num(width), "height": _num(bottom - top),
                                          "data-label": chart.labels[i], "data-value": value},
                                 _el("title", {}, f"{chart.labels[i]}: {value} ({series.name})")))
        else:
            points = [(LEFT + slot * (i + 0.5), y(v, series.axis)) for i, v in enumerate(series.values)]
            marks.append(_el("polyline", {"points": " ".join(f"{_num(px)},{_num(py)}" for px, py in points)}))
            for i, ((px, py), value) in enumerate(zip(points, series.values, strict=True)):
                marks.append(_el("circle", {"class": "point", "cx": _num(px), "cy": _num(py), "r": "2.5",
                                            "data-label": chart.labels[i], "data-value": value},
                                 _el("title", {}, f"{chart.labels[i]}: {value} ({series.name})")))
        parts.append(_el("g", {"class": f"{'bars' if series.kind == 'bar' else 'line'} series-{index}",
                               "data-series": series.name}, *marks))
    return parts
