from django.db import migrations, models


def merge_duplicate_sources(apps, schema_editor):
    """Parallel imports could save one publication twice: keep its oldest row, point every figure that cites
    a copy to it, then drop the copies, so the unique constraint below can hold."""
    Source = apps.get_model("indices", "Source")
    citing = [
        (field.model, field.name)
        for model in apps.get_app_config("indices").get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model is Source
    ]
    kept = {}
    for source in Source.objects.order_by("pk"):
        key = (source.title, source.publisher, source.url, source.document)
        if key not in kept:
            kept[key] = source.pk
            continue
        for model, name in citing:
            model.objects.filter(**{name: source.pk}).update(**{name: kept[key]})
        source.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indices", "0008_years_in_range"),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_sources, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(
                fields=("title", "publisher", "url", "document"),
                name="source_one_per_publication",
                violation_error_message="This source is already on record.",
            ),
        ),
    ]
