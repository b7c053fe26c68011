"""How complete and how well typed the exports of a database are, as a new user sees them.

    python eval/export_columns.py --db incidents.sqlite

Prints, for the ACLED CSV and the UCDP GED CSV: how many rows fill each column, the dtype
pandas guesses on a plain ``read_csv`` and the dtype with the export's declared dtypes;
and for the GeoJSON: whether it validates (geojson-pydantic), how many properties are ""
(should be 0) and how many features have a null geometry.
"""

from __future__ import annotations

import argparse
import io
import json
import sys


def _exports(db: str) -> dict[str, str]:
    from warmonitor.cli.incidents import _updated_at
    from warmonitor.export import write_incidents
    from warmonitor.store import Store

    store = Store(db)
    found = store.incidents()
    reports = store.reports_of([i.id for i in found])
    documents = store.documents(sorted({r.document_id for rs in reports.values() for r in rs}))
    context = {
        "reports": reports,
        "documents": documents,
        "updated": _updated_at(store, [i.id for i in found]),
    }
    texts = {}
    for fmt in ("csv", "ucdp", "geojson"):
        out = io.StringIO()
        write_incidents(found, fmt, out, **context)
        texts[fmt] = out.getvalue()
    store.close()
    return texts


def _columns_report(name: str, text: str, dtypes: dict[str, str]) -> None:
    import pandas as pd

    plain = pd.read_csv(io.StringIO(text))
    typed = pd.read_csv(io.StringIO(text), dtype=dtypes)
    rows = len(typed)
    print(f"\n{name}: {rows} rows")
    print(f"  {'column':24} {'filled':>9}  {'plain read':12} typed read")
    for column in typed.columns:
        filled = int(typed[column].notna().sum())
        print(
            f"  {column:24} {filled:4}/{rows:<4}  {plain[column].dtype!s:12} {typed[column].dtype}"
        )
    wrong = [c for c, t in dtypes.items() if str(typed[c].dtype) != t]
    print(f"  columns whose typed dtype differs from the declared one: {wrong or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite path or database URL")
    args = parser.parse_args(argv)
    from geojson_pydantic import FeatureCollection

    from warmonitor.export import CSV_DTYPES, UCDP_DTYPES

    texts = _exports(args.db)
    _columns_report("ACLED CSV (--format csv)", texts["csv"], CSV_DTYPES)
    _columns_report("UCDP GED CSV (--format ucdp)", texts["ucdp"], UCDP_DTYPES)
    data = json.loads(texts["geojson"])
    FeatureCollection.model_validate(data)
    props = [v for f in data["features"] for v in f["properties"].values()]
    null_geometry = sum(f["geometry"] is None for f in data["features"])
    print(
        f"\nGeoJSON: {len(data['features'])} features, valid; {props.count('')} empty-string "
        f"properties; {null_geometry} with geometry null"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
