"""The map's data layers: articles, events, routes and front lines as GeoDataFrames (EPSG:4326)."""
