"""Officials browsing the portal, for the load run of `bench_http.py` (Locust, headless).

Each simulated user opens a page, reads it for THINK_LOW to THINK_HIGH seconds, and goes on: mostly
region pages (any of the 552 regional governments, so many are rendered for the first time), the
overview and the rankings (with filters and pages), sometimes an agency, a comparison, the API or a
download. Browsers accept gzip.
"""

import os
import random

from locust import FastHttpUser, between, task

PROVINCES = ["11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
             "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
             "91", "92", "93", "94", "95", "96"]  # fmt: skip
AGENCIES = ["kemenkeu", "kemenkominfo", "kemenag", "bps", "bkn", "lkpp", "kemendagri", "kemenpanrb"]
KINDS = ["", "provinsi", "kabupaten", "kota", "kementerian", "lembaga"]


class Official(FastHttpUser):
    wait_time = between(float(os.getenv("THINK_LOW", "1")), float(os.getenv("THINK_HIGH", "2")))
    default_headers = {"Accept-Encoding": "gzip"}

    def on_start(self):
        # Every regency and city code, from the portal's own API.
        answer = self.client.get(
            "/api/v1/instances/?page_size=1000&kind=kabupaten", name="/api/v1/instances/"
        )
        cities = self.client.get("/api/v1/instances/?page_size=1000&kind=kota", name="/api/v1/instances/")
        self.regencies = [i["code"] for i in answer.json()["results"] + cities.json()["results"]]

    @task(6)
    def regency_or_city(self):
        self.client.get(f"/wilayah/{random.choice(self.regencies)}/", name="/wilayah/[kab/kota]/")

    @task(3)
    def province(self):
        self.client.get(f"/wilayah/{random.choice(PROVINCES)}/", name="/wilayah/[provinsi]/")

    @task(3)
    def overview(self):
        self.client.get(random.choice(["/", "/", "/?tahun=2023"]), name="/")

    @task(3)
    def rankings(self):
        kind = random.choice(KINDS)
        page = random.randint(1, 3) if kind in ("", "kabupaten") else 1
        self.client.get(f"/peringkat/?jenis={kind}&page={page}", name="/peringkat/")

    @task(1)
    def agency(self):
        self.client.get(f"/instansi/{random.choice(AGENCIES)}/", name="/instansi/[kode]/")

    @task(1)
    def compare(self):
        chosen = "&".join(f"wilayah={code}" for code in random.sample(PROVINCES, 4))
        self.client.get(f"/bandingkan/?{chosen}", name="/bandingkan/")

    @task(2)
    def api(self):
        path = random.choice(["/api/v1/scores/?year=2024", "/api/v1/rankings/", "/api/v1/national/",
                              f"/api/v1/instances/{random.choice(PROVINCES)}/"])  # fmt: skip
        self.client.get(path, name="/api/v1/[...]")

    @task(1)
    def download(self):
        path = random.choice(["/peringkat/?_export=xlsx", "/unduh/data.csv", "/unduh/data.xlsx"])
        self.client.get(path, name="[download]")
