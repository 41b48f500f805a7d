"""The indices app's records: frameworks (`frameworks`), evaluated instances (`instances`) and published
figures (`scores`). Import them from here."""

from indices.models.accounts import Assignment
from indices.models.frameworks import (
    PART_MIN,
    PART_RANGE_MESSAGE,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_RANGE_MESSAGE,
    Band,
    Framework,
    FrameworkNode,
    validate_band_cover,
    validate_tree,
)
from indices.models.history import ChangeSet, create_all, latest_entry, recording, state_before, update_all
from indices.models.instances import Instance, InstanceName
from indices.models.scores import (
    OFFICIAL_STATUSES,
    NationalIndex,
    NationalValue,
    Score,
    ScoreValue,
    Source,
    Target,
)
from indices.models.versions import DataVersion, PendingImport
from indices.models.workspace import Assessment, Evidence, IndicatorLevel, Recommendation

__all__ = [
    "Assessment",
    "Evidence",
    "IndicatorLevel",
    "Recommendation",
    "create_all",
    "update_all",
    "ChangeSet",
    "recording",
    "latest_entry",
    "state_before",
    "Assignment",
    "OFFICIAL_STATUSES",
    "PendingImport",
    "PART_MIN",
    "PART_RANGE_MESSAGE",
    "SCORE_MAX",
    "SCORE_MIN",
    "SCORE_RANGE_MESSAGE",
    "Band",
    "DataVersion",
    "Framework",
    "FrameworkNode",
    "Instance",
    "InstanceName",
    "NationalIndex",
    "NationalValue",
    "Score",
    "ScoreValue",
    "Source",
    "Target",
    "validate_band_cover",
    "validate_tree",
]
