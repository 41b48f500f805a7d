"""The evaluation workspace: an instance's indicator levels, evidence (data dukung), recommendations and
report card for an evaluation year. Private: every view asks `indices.access` who may read or write it,
and nothing here is served from the public page cache."""
