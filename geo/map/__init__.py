"""The interactive map: folium layers, and the web assets fetched from npm and served locally, never from a CDN.

:mod:`geo.map.layers` draws the layers, :mod:`geo.map.assets` fetches the assets, :mod:`geo.map.offline` serves them.
"""
