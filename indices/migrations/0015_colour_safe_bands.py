"""The shipped frameworks' Sangat Baik and Memuaskan bands take colours that stay apart from Cukup and Baik
under colour-vision deficiencies (ColorBrewer RdYlBu instead of RdYlGn's greens).

Under simulated deuteranopia (Machado et al. 2009) the old Cukup and Sangat Baik were CIEDE2000 2.6 apart,
indistinguishable; the least distinct pair of the new five is 12.2 apart under deuteranopia, 17.4 under
protanopia and 18.0 under tritanopia. Only bands still showing the shipped colour change: a colour an
administrator chose is theirs.
"""

from django.db import migrations
from django.db.models import F

SHIPPED = ("spbe-2018", "spbe-2020", "pemdi-2026")
CHANGES = {  # predicate: (old colour, new colour)
    "Sangat Baik": ("#91cf60", "#91bfdb"),
    "Memuaskan": ("#1a9850", "#4575b4"),
}


def recolour(apps, *, forward: bool):
    Band = apps.get_model("indices", "Band")
    changed = 0
    for predicate, (old, new) in CHANGES.items():
        before, after = (old, new) if forward else (new, old)
        bands = Band.objects.filter(framework__slug__in=SHIPPED, predicate=predicate, colour__iexact=before)
        changed += bands.update(colour=after)
    if changed:
        # Pages cached in a shared cache under the current data version show the old colours.
        apps.get_model("indices", "DataVersion").objects.filter(pk=1).update(number=F("number") + 1)


def colour_safe(apps, schema_editor):
    recolour(apps, forward=True)


def back_to_red_yellow_green(apps, schema_editor):
    recolour(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("indices", "0014_workspace")]

    operations = [migrations.RunPython(colour_safe, back_to_red_yellow_green)]
