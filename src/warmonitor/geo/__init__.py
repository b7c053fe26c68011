"""Offline geoparsing: place names, the gazetteer, resolution and distances.

Modules, in the order data flows through them:

- ``names``: normalised lookup keys, consonant skeletons, transliteration variants;
- ``places``: gazetteer records (``GazPlace``, ``Candidate``) and feature names;
- ``storage``, ``build``, ``geonames_import``: the SQLite file, built from installed
  packages, extended with GeoNames dump files;
- ``gazetteer``: read access (``open_gazetteer``, ``Gazetteer.lookup``);
- ``cues``, ``detect``, ``toponym_classifier``: toponym detection;
- ``resolve``: candidate scoring with the document's context, each choice explained;
- ``geoparse``: the whole step, text to ``PlaceMention`` list;
- ``event_location``: which of a report's places is where the event happened;
- ``distance``: the project's one distance function, ``distance_km``.
"""

from warmonitor.geo.distance import EARTH_RADIUS_KM, distance_km

__all__ = ["EARTH_RADIUS_KM", "distance_km"]
