"""The core records of the indices app: frameworks (`frameworks`) and what their indicators ask
(`criteria`), evaluated instances (`instances`), published figures (`published`, `scores`, `targets`,
`national`), roles, the audit trail and the data version. Import them from here.
The workspace's records live with the workspace (`indices.workspace.models`)."""

from indices.models.accounts import Assignment
from indices.models.criteria import (
    CriterionText,
    CycleStage,
    EvidenceItem,
    FrameworkSource,
    LevelName,
    LevelNameSet,
)
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
from indices.models.instances import Instance, InstanceAlias, InstanceName, Succession
from indices.models.national import NationalIndex, NationalValue
from indices.models.published import (
    OFFICIAL_STATUSES,
    FigureKind,
    Source,
    figure_kind,
    kind_in_words,
    kind_short,
)
from indices.models.scores import Score, ScoreValue
from indices.models.targets import Target
from indices.models.versions import DataVersion, PendingImport

__all__ = [
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
    "CriterionText",
    "CycleStage",
    "EvidenceItem",
    "FrameworkSource",
    "LevelName",
    "LevelNameSet",
    "DataVersion",
    "Framework",
    "FrameworkNode",
    "Instance",
    "InstanceAlias",
    "InstanceName",
    "NationalIndex",
    "NationalValue",
    "Score",
    "ScoreValue",
    "Source",
    "Succession",
    "FigureKind",
    "figure_kind",
    "kind_in_words",
    "kind_short",
    "Target",
    "validate_band_cover",
    "validate_tree",
]
