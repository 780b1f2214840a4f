"""Decode TopoJSON topologies into shapely geometries, optionally simplifying shared arcs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon

__all__ = [
    "Topology",
]


class Topology:
    """A TopoJSON topology whose arcs can be simplified once and shared by every geometry.

    >>> t = Topology({"type": "Topology", "arcs": [[[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]]],
    ...               "transform": {"scale": [1, 1], "translate": [0, 0]},
    ...               "objects": {"o": {"type": "GeometryCollection", "geometries": [
    ...                   {"type": "Polygon", "arcs": [[0]], "id": "a", "properties": {}}]}}})
    >>> [(g["id"], geom.area) for g, geom in t.geometries("o")]
    [('a', 1.0)]
    """

    def __init__(self, data: dict[str, Any], simplify_tolerance: float = 0.0) -> None:
        self.data = data
        self.arcs = [_decode_arc(arc, data.get("transform")) for arc in data["arcs"]]
        if simplify_tolerance:
            self.arcs = [_simplify_arc(arc, simplify_tolerance) for arc in self.arcs]

    def geometries(self, obj: str) -> Iterator[tuple[dict[str, Any], Polygon | MultiPolygon]]:
        """Yield (TopoJSON geometry record, shapely geometry) for each polygonal geometry of ``obj``."""
        for record in self.records(obj):
            if record["type"] in ("Polygon", "MultiPolygon"):
                yield record, self.geometry(record)

    def records(self, obj: str) -> list[dict[str, Any]]:
        """The raw geometry records of one object."""
        return self.data["objects"][obj]["geometries"]

    def geometry(self, record: dict[str, Any]) -> Polygon | MultiPolygon:
        """The polygon or multipolygon of one geometry record."""
        if record["type"] == "Polygon":
            return self._polygon(record["arcs"])
        parts = [self._polygon(p) for p in record["arcs"]]
        if any(p.geom_type != "Polygon" for p in parts):
            return shapely.union_all(parts)
        multi = MultiPolygon(parts)
        return multi if multi.is_valid else shapely.make_valid(multi)

    def arc_indices(self, record: dict[str, Any]) -> set[int]:
        """The (non-negative) indices of the arcs one geometry record uses."""
        rings = record["arcs"] if record["type"] == "Polygon" else [r for p in record["arcs"] for r in p]
        return {i if i >= 0 else ~i for ring in rings for i in ring}

    def arc_line(self, index: int) -> LineString:
        """One arc as a line."""
        return LineString(self.arcs[index])

    def _ring(self, indices: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for i in indices:
            arc = self.arcs[i] if i >= 0 else self.arcs[~i][::-1]
            coords.extend(arc if not coords else arc[1:])
        return coords

    def _polygon(self, rings: list[list[int]]) -> Polygon:
        shell, *holes = (self._ring(r) for r in rings)
        polygon = Polygon(shell, [h for h in holes if len(h) >= 4])
        return polygon if polygon.is_valid else shapely.make_valid(polygon)


def _decode_arc(arc: list[list[int]], transform: dict[str, Any] | None) -> list[tuple[float, float]]:
    if not transform:
        return [(float(x), float(y)) for x, y, *_ in arc]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    points = []
    for dx, dy, *_ in arc:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def _simplify_arc(arc: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on one arc; its end points (shared with other arcs) never move."""
    if len(arc) < 3:
        return arc
    closed = arc[0] == arc[-1]
    simple = LineString(arc).simplify(tolerance, preserve_topology=closed)
    coords = list(simple.coords)
    if closed and len(coords) < 4:
        return arc
    return coords
