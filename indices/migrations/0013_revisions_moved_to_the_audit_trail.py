from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indices", "0012_revisions_into_the_audit_trail"),
    ]

    operations = [
        migrations.RemoveField(model_name="targetrevision", name="source"),
        migrations.RemoveField(model_name="targetrevision", name="target"),
        migrations.DeleteModel(name="ScoreRevision"),
        migrations.DeleteModel(name="TargetRevision"),
    ]
