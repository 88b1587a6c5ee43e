"""Cut the test excerpts from the shared Eurostat files (run from the repository).

The CSV excerpts are rows of the raw files, unchanged. The TSV holds the same
demography numbers in Eurostat's bulk layout (one row per indicator and region,
newest year first, as Eurostat writes it); the JSON-stat file holds the same
employment numbers as Eurostat's API answers them (JSON-stat 2.0, dimensions
freq, unit, nace_r2, geo, time), with one status flag set by hand: "p" on
SE110 in 2016, to test that flags come through.

    python tests/data/europe/cut_excerpts.py /work/shared/data/europe
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
REGIONS = ["AT130", "DE300", "SE110"]
YEARS = range(2009, 2017)
INDICATORS = {
    "JAN": "population_jan1",
    "GROW": "population_change",
    "LBIRTH": "live_births",
    "DEATH": "deaths",
}


def main(raw: Path) -> None:
    demo = pd.read_csv(raw / "eurostat_demo_r_gind3_nuts3_2000_2019.csv")
    demo = demo[demo["nuts_id"].isin(REGIONS) & demo["year"].isin(YEARS)]
    demo.to_csv(HERE / "demo_r_gind3_excerpt.csv", index=False)
    jobs = pd.read_csv(raw / "eurostat_nama_10r_3empers_total_nuts3_2000_2018.csv")
    jobs = jobs[jobs["nuts_id"].isin([*REGIONS, "ATZZZ"]) & jobs["year"].isin(YEARS)]
    jobs.to_csv(HERE / "nama_10r_3empers_excerpt.csv", index=False)

    years = sorted(YEARS, reverse=True)
    lines = ["unit,indic_de,geo\\time\t" + "\t".join(f"{y} " for y in years)]
    for indicator, column in sorted(INDICATORS.items()):
        for region in REGIONS:
            rows = demo[demo["nuts_id"] == region].set_index("year")[column]
            cells = [f"{int(rows[y])} " for y in years]
            lines.append(f"NR,{indicator},{region}\t" + "\t".join(cells))
    text = "\n".join(lines) + "\n"
    (HERE / "demo_r_gind3_excerpt.tsv").write_text(text, encoding="utf-8")

    geo = [*REGIONS, "ATZZZ"]
    table = jobs.set_index(["nuts_id", "year"])["employment_persons"]
    values = [
        float(table[(g, y)]) / 1000 if (g, y) in table.index else None
        for g in geo
        for y in YEARS
    ]
    status = {str(geo.index("SE110") * len(YEARS) + YEARS.index(2016)): "p"}
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "Employment (thousand persons) by NUTS 3 regions",
        "source": "ESTAT",
        "id": ["freq", "unit", "nace_r2", "geo", "time"],
        "size": [1, 1, 1, len(geo), len(YEARS)],
        "role": {"geo": ["geo"], "time": ["time"]},
        "dimension": {
            "freq": {"category": {"index": {"A": 0}, "label": {"A": "Annual"}}},
            "unit": {
                "category": {"index": {"THS": 0}, "label": {"THS": "Thousand persons"}}
            },
            "nace_r2": {
                "category": {"index": {"TOTAL": 0}, "label": {"TOTAL": "Total"}}
            },
            "geo": {
                "category": {
                    "index": {g: i for i, g in enumerate(geo)},
                    "label": {
                        "AT130": "Wien",
                        "DE300": "Berlin",
                        "SE110": "Stockholms län",
                        "ATZZZ": "Extra-Regio NUTS 3",
                    },
                }
            },
            "time": {"category": {"index": {str(y): i for i, y in enumerate(YEARS)}}},
        },
        "value": values,
        "status": status,
    }
    path = HERE / "nama_10r_3empers_excerpt.json"
    path.write_text(json.dumps(dataset, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
