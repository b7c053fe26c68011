"""List the place pins on the VOA stories that an analyst should check by hand.

    python eval/geoparse_voa_audit.py [--data FILE] [--all]

For every story, geoparse the text and print each town-level pin (a town, an
airfield, a district) that lies outside every country the story itself names or
resolves with confidence: the pins most likely to be wrong-country pins ("Bosnia"
at Besni in Türkiye, "Taliban" at Bozhüyük). The last line counts them. The VOA
corpus sits in ../shared/corpora/voa (training and inspection allowed); nothing
from it is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from warmonitor.geo.gazetteer import ADM1, COUNTRY, open_gazetteer
from warmonitor.geo.geoparse import geoparse
from warmonitor.nlp import load_nlp

_AREA = (COUNTRY, ADM1, "continent", "region", "sea", "ocean")


def audit(stories: list[dict], show_all: bool = False) -> tuple[int, int]:
    """Print suspicious pins per story; return (pins checked, suspicious pins)."""
    nlp = load_nlp()
    gaz = open_gazetteer()
    checked = suspicious = 0
    for story, doc in zip(stories, nlp.pipe([s["text"] for s in stories]), strict=True):
        mentions = [m for m in geoparse(story["text"], doc=doc, gazetteer=gaz) if m.place]
        named = {m.place.country for m in mentions if m.place.feature in _AREA}
        votes = Counter(m.place.country for m in mentions if m.place.country)
        main = {c for c, n in votes.items() if n >= 2} | named
        for m in mentions:
            if m.place.feature in _AREA or not m.place.country:
                continue
            checked += 1
            odd = m.place.country not in main
            suspicious += odd
            if odd or show_all:
                mark = "?" if odd else " "
                print(
                    f"{mark} {story['id']}: {m.text!r} -> {m.place.name}, {m.place.admin1}, "
                    f"{m.place.country} ({m.place.feature}, score {m.place.score})"
                )
    return checked, suspicious


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[1]
    shared = Path(os.environ.get("WARMONITOR_SHARED", repo.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=shared / "corpora" / "voa" / "voa_stories.jsonl")
    ap.add_argument("--all", action="store_true", help="print every town-level pin")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    lines = args.data.read_text(encoding="utf-8").splitlines()
    stories = [json.loads(line) for line in lines if line.strip()]
    checked, suspicious = audit(stories, args.all)
    print(
        json.dumps(
            {"stories": len(stories), "town_pins": checked, "outside_story_countries": suspicious}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
