"""Evaluated instances: every score and target moves from its region to the instance that is that region's
government. Sample data goes (the published national results replace it). Nothing published is lost:
each score, target, source and revision keeps its row and its values."""

import django.db.models.deletion
from django.db import migrations, models


def regions_to_instances(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Instance = apps.get_model("indices", "Instance")
    Score = apps.get_model("indices", "Score")
    Target = apps.get_model("indices", "Target")
    Score.objects.filter(is_sample=True).delete()
    Target.objects.filter(is_sample=True).delete()
    used = set(Score.objects.values_list("region_id", flat=True)) | set(Target.objects.values_list("region_id", flat=True))
    regions = Region.objects.filter(models.Q(is_evaluated=True) | models.Q(code__in=used))
    Instance.objects.bulk_create(
        [Instance(code=r.code, kind=r.kind, name=r.name, region_id=r.code) for r in regions], ignore_conflicts=True
    )
    Score.objects.update(instance_id=models.F("region_id"))
    Target.objects.update(instance_id=models.F("region_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("indices", "0004_published_records_share_a_base"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Instance",
            fields=[
                ("code", models.CharField(max_length=30, primary_key=True, serialize=False, verbose_name="code")),
                ("kind", models.CharField(max_length=12, verbose_name="kind")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("group", models.CharField(blank=True, max_length=100, verbose_name="group")),
                (
                    "region",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="instance",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="score",
            name="instance",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="scores", to="indices.instance"
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="instance",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="targets", to="indices.instance"
            ),
        ),
        migrations.RunPython(regions_to_instances, migrations.RunPython.noop),
    ]
