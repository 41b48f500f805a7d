"""The admin where national administrators and operators enter scores, targets and sources, one module per
concern: the base every page stands on (`base`), frameworks and what their indicators ask (`criteria`), bulk
import, published records, instances and regions, accounts, the audit trail. The workspace registers its own
records (`indices.workspace.admin`)."""

from indices.admin import accounts, audit, criteria, frameworks, instances, records

# Imported for what they register with the admin site.
__all__ = ["accounts", "audit", "criteria", "frameworks", "instances", "records"]
