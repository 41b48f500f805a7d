"""Build regions.csv from the idn-area-data npm package (run once per new register).

    npm pack idn-area-data@4.0.1          # name the exact version: Node 20 silently picks 3.x otherwise
    python regions/data/build_register.py idn-area-data-4.0.1.tgz

The package's provinces.csv and regencies.csv carry the Kemendagri codes of
Kepmendagri 300.2.2-2138/2025 (38 provinces, 514 regencies and cities).
"""

import csv
import io
import sys
import tarfile
from pathlib import Path

OUT = Path(__file__).with_name("regions.csv")
# Jakarta's administrative regency and cities have no regional government of their own and are
# not evaluated by KemenPANRB.
NOT_EVALUATED = {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}


def read_csv(archive: tarfile.TarFile, member: str) -> list[dict]:
    data = archive.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def main(tarball: str) -> None:
    with tarfile.open(tarball) as archive:
        provinces = read_csv(archive, "package/data/provinces.csv")
        regencies = read_csv(archive, "package/data/regencies.csv")

    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "kind", "province_code", "is_evaluated"])
        for row in provinces:
            writer.writerow([row["code"], row["name"], "provinsi", "", "1"])
        for row in regencies:
            kind = "kota" if row["name"].startswith("Kota") else "kabupaten"
            evaluated = "0" if row["code"] in NOT_EVALUATED else "1"
            writer.writerow([row["code"], row["name"], kind, row["province_code"], evaluated])
    print(f"Wrote {len(provinces)} provinces and {len(regencies)} regencies and cities to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
