"""The open-data records, one pydantic model each (a module per resource): what a partnership,
organization, solicitation, update or the statistics look like to another program.

These models are the only description of the JSON: the API serializes them
(`Record.as_json`), the OpenAPI document's ``components.schemas`` is generated from them
(`app.api.openapi`), and the PDFs embed the same records in their ``record.json``
(`app.exports`). Only fields the public may see are named (never a model's whole ``__dict__``),
and every record forbids other fields, so schemathesis catches an answer the document does not
describe. Each record is built from the ORM objects by a small ``of`` classmethod.
"""

from __future__ import annotations

from app.api.schemas.base import (
    Index,
    Moment,
    PageLinks,
    PageMeta,
    Place,
    Problem,
    Record,
    Url,
    one_of,
)
from app.api.schemas.notices import Notice, NoticeLinks, NoticePage
from app.api.schemas.organizations import (
    Organization,
    OrganizationLinks,
    OrganizationPage,
    OrganizationPartnership,
    OrganizationSummary,
    Participant,
)
from app.api.schemas.partnerships import (
    KeyAccomplishment,
    Milestone,
    Partnership,
    PartnershipLinks,
    PartnershipPage,
    PartnershipSummary,
    Update,
    UpdateImage,
    UpdateLinks,
    UpdatePage,
    UpdatePartnership,
)
from app.api.schemas.solicitations import (
    Solicitation,
    SolicitationCount,
    SolicitationLinks,
    SolicitationList,
)
from app.api.schemas.statistics import (
    ApplicationYear,
    CohortCount,
    FocusAreaCount,
    OrganizationTypeCount,
    PlaceCount,
    Statistics,
)

# The records the API answers with; the OpenAPI document's components are these and the
# records they contain.
RESPONSES: tuple[type[Record], ...] = (
    Index,
    PartnershipPage,
    Partnership,
    OrganizationPage,
    Organization,
    SolicitationList,
    Solicitation,
    UpdatePage,
    Statistics,
    NoticePage,
    Notice,
    Problem,
)

__all__ = [
    "RESPONSES",
    "ApplicationYear",
    "CohortCount",
    "FocusAreaCount",
    "Index",
    "KeyAccomplishment",
    "Milestone",
    "Moment",
    "Notice",
    "NoticeLinks",
    "NoticePage",
    "Organization",
    "OrganizationLinks",
    "OrganizationPage",
    "OrganizationPartnership",
    "OrganizationSummary",
    "OrganizationTypeCount",
    "PageLinks",
    "PageMeta",
    "Participant",
    "Partnership",
    "PartnershipLinks",
    "PartnershipPage",
    "PartnershipSummary",
    "Place",
    "PlaceCount",
    "Problem",
    "Record",
    "Solicitation",
    "SolicitationCount",
    "SolicitationLinks",
    "SolicitationList",
    "Statistics",
    "Update",
    "UpdateImage",
    "UpdateLinks",
    "UpdatePage",
    "UpdatePartnership",
    "Url",
    "one_of",
]
