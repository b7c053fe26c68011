"""Offline geoparsing: place names, the gazetteer, resolution and distances."""
