"""Every answer of the open data API has exactly the shape its OpenAPI document describes: each field the
serializer names is there, with a value it accepts, and nothing else; nested parts alike (issue 19)."""

import pytest
from rest_framework import serializers

from indices.public.serializers import (
    FrameworkSerializer,
    InstanceDetailSerializer,
    InstanceSerializer,
    NationalSerializer,
    RankingRowSerializer,
    ScoreSerializer,
    TargetSerializer,
)

ENDPOINTS = [
    ("/api/v1/instances/", InstanceSerializer, True),
    ("/api/v1/instances/62/", InstanceDetailSerializer, False),
    ("/api/v1/instances/kemenkeu/", InstanceDetailSerializer, False),
    ("/api/v1/instances/63.11/", InstanceDetailSerializer, False),
    ("/api/v1/scores/?year=2024&page_size=1000", ScoreSerializer, True),
    ("/api/v1/rankings/?year=2023&page_size=1000", RankingRowSerializer, True),
    ("/api/v1/targets/", TargetSerializer, True),
    ("/api/v1/national/", NationalSerializer, None),
    ("/api/v1/frameworks/", FrameworkSerializer, None),
]


def shape_problems(serializer, data, where="") -> list[str]:
    """How `data` differs from what `serializer` describes: missing or extra fields, refused values, and the
    same inside nested serializers and lists of them."""
    if not isinstance(data, dict):
        return [f"{where or 'answer'} is not an object"]
    fields = serializer.fields if isinstance(serializer, serializers.Serializer) else serializer().fields
    problems = [f"{where}{name}: described but missing" for name in fields if name not in data]
    problems += [f"{where}{name}: answered but not described" for name in data if name not in fields]
    for name, field in fields.items():
        if name not in data:
            continue
        value = data[name]
        if isinstance(field, serializers.ListSerializer) and value is not None:
            for number, item in enumerate(value):
                problems += shape_problems(field.child, item, f"{where}{name}[{number}].")
        elif isinstance(field, serializers.Serializer) and value is not None:
            problems += shape_problems(field, value, f"{where}{name}.")
        else:
            try:
                field.run_validation(value)
            except serializers.ValidationError as error:
                problems.append(f"{where}{name}: {value!r} refused ({error.detail})")
    return problems


@pytest.mark.parametrize(("path", "serializer", "paginated"), ENDPOINTS)
def test_every_answer_has_exactly_the_described_shape(client, published, path, serializer, paginated):
    answer = client.get(path).json()
    rows = answer["results"] if paginated else (answer if paginated is None else [answer])
    assert rows
    problems = [problem for row in rows for problem in shape_problems(serializer, row)]
    assert problems == []


def test_a_described_field_that_an_answer_lacks_is_found():
    row = {"code": "62", "kind": "provinsi", "name": "Kalimantan Tengah", "group": "", "province": None}
    assert shape_problems(InstanceSerializer, row) == ["page: described but missing"]
    assert shape_problems(InstanceSerializer, row | {"page": "/wilayah/62/", "extra": 1}) == [
        "extra: answered but not described"
    ]
