"""The shapes the open data API answers with, as its OpenAPI document describes them; the API's tests validate
every answer against them (a field described here that an answer lacks fails)."""

from rest_framework import serializers

from indices.models import Instance


class SourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    detail = serializers.CharField(allow_blank=True, help_text="Where in the source: table and row.")


class InstanceSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text='Kemendagri code ("62", "63.11") or agency identifier ("kemenkeu").'
    )
    kind = serializers.ChoiceField(choices=Instance.Kind.choices)
    name = serializers.CharField()
    group = serializers.CharField(
        allow_blank=True, help_text="A central agency's group as the reports print it."
    )
    province = serializers.CharField(allow_null=True, help_text="The province of a regency or city.")
    page = serializers.CharField(help_text="The instance's page on the portal.")


class ScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="The name the instance was evaluated under that year.")
    kind = serializers.CharField()
    group = serializers.CharField(allow_blank=True)
    province = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=3, decimal_places=2)
    predicate = serializers.CharField(help_text="Derived from the bands of the framework in force.")
    domains = serializers.DictField(
        child=serializers.DecimalField(max_digits=3, decimal_places=2),
        help_text='First-level values by number ("1": Kebijakan Internal ...), as published.',
    )
    kind_of_source = serializers.ChoiceField(
        choices=["official", "compiled", "carried_over", "press"],
        help_text="official: KemenPANRB's publication; compiled: computed from the evaluation's indicator levels, "
        "not a KemenPANRB table; carried_over: an earlier evaluation's value counted again (see carried_from); "
        "press: a figure the press or a regional government reported, never ranked.",
    )
    kind_of_source_label = serializers.CharField(
        help_text="The kind of source in words, in the answer's language."
    )
    carried_from = serializers.IntegerField(
        allow_null=True, help_text="For a carried-over value, the year of the evaluation it comes from."
    )
    source = SourceSerializer()


class RankingRowSerializer(ScoreSerializer):
    rank = serializers.IntegerField(help_text="Rank among the instances of its kind, that year.")
    rank_change = serializers.IntegerField(
        allow_null=True, help_text="Places gained since the previous evaluation."
    )
    change = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)


class TargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=3, decimal_places=2)
    document = serializers.CharField()
    source = SourceSerializer()


class NationalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=3, decimal_places=2, help_text="As KemenPANRB published it.")
    predicate = serializers.CharField()
    target = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    target_source = serializers.CharField(
        allow_blank=True,
        help_text="Where the target is published, in words (also when that is not recorded); empty without a target.",
    )
    instances_evaluated = serializers.IntegerField(allow_null=True)
    domains = serializers.DictField(child=serializers.DecimalField(max_digits=3, decimal_places=2))
    source = SourceSerializer()


class BandSerializer(serializers.Serializer):
    predicate = serializers.CharField()
    lower = serializers.DecimalField(max_digits=3, decimal_places=2, help_text="Inclusive.")
    upper = serializers.DecimalField(
        max_digits=3, decimal_places=2, help_text="Exclusive, but for the scale's top."
    )
    colour = serializers.CharField()
    order = serializers.IntegerField(help_text="1 for the lowest band.")


class NodeSerializer(serializers.Serializer):
    level = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Percent of the index."
    )
    parent = serializers.CharField(allow_null=True, help_text='"domain 2", "aspect 5", or null at the top.')


class FrameworkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField(allow_null=True)
    scale = serializers.ListField(child=serializers.DecimalField(max_digits=3, decimal_places=2))
    bands = BandSerializer(many=True)
    tree = NodeSerializer(many=True)


class InstanceDetailSerializer(InstanceSerializer):
    scores = ScoreSerializer(many=True, help_text="Its results: official, compiled or carried over.")
    reported = ScoreSerializer(many=True, help_text="Figures the press or a regional government reported.")
    targets = TargetSerializer(many=True)
    standing = serializers.DictField(allow_null=True, help_text="Rank, count and mean of its kind that year.")
    domains = serializers.ListField(
        child=serializers.DictField(), help_text="The domain section of its page."
    )
