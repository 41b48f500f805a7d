import pytest

from tests import services


@pytest.fixture(scope="session", autouse=True)
def _prepared_databases(tmp_path_factory, worker_id):
    """One prepared database of each kind for the whole run, shared by the xdist workers (their base
    temporary folders sit side by side under one parent)."""
    base = tmp_path_factory.getbasetemp()
    services.TEMPLATES = (base if worker_id == "master" else base.parent) / "prepared-databases"
