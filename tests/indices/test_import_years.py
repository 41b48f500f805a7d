"""Years an import may hold: 2018 (the first SPBE evaluation) to 2045; an evaluation result not for a year
still to come. The probe's year 2100 was imported and then headlined the overview."""

import datetime

import pytest

from indices.models import Score, Target
from indices.transfer.services import scores_import, targets_import

pytestmark = pytest.mark.usefixtures("ready")

NEXT_YEAR = datetime.date.today().year + 1


def messages(result) -> list[str]:
    return [f"{e.line}|{e.column}|{e.message}" for e in result.errors]


@pytest.mark.parametrize("year", ["2100", "2017", "20255", "32768", "99999"])
def test_a_score_year_out_of_range_is_refused_with_its_line(year):
    data = f'kode,tahun,indeks,sumber\n62,2024,"2,87",Laporan\n63.11,{year},"3,34",Laporan\n'.encode()
    result = scores_import(data=data, filename="skor.csv")
    assert not result.applied and not Score.objects.exists()
    assert len(result.errors) == 1 and result.errors[0].line == 3, messages(result)
    message = result.errors[0].message
    assert ("2018" in message and "2045" in message) or f"“{year}” bukan tahun" in message


def test_a_result_for_a_year_still_to_come_is_refused():
    data = f'kode,tahun,indeks,sumber\n62,{NEXT_YEAR},"2,87",Laporan\n'.encode()
    result = scores_import(data=data, filename="skor.csv")
    assert not result.applied and not Score.objects.exists()
    assert f"{NEXT_YEAR} belum tiba" in result.errors[0].message


def test_a_target_may_be_for_a_later_year_of_the_plan_but_not_past_2045():
    ok = targets_import(
        data=b'kode,tahun,target,dokumen,sumber\n62,2029,"3,50",rpjmd,Perda RPJMD\n', filename="t.csv"
    )
    assert ok.applied
    refused = targets_import(
        data=b'kode,tahun,target,dokumen,sumber\n62,2100,"3,50",rpjmd,Perda RPJMD\n', filename="t.csv"
    )
    assert not refused.applied and Target.objects.count() == 1
    assert "2045" in refused.errors[0].message
