"""Ready a scratch database with the demo data for bench/load.py: a chair closes the open call
early (with a reason, as the portal allows), so the demo reviewers' assignments open for
scoring while the demo applicants keep editing their drafts.

    DATABASE_URL=... .venv/bin/python bench/load_prepare.py

Only for a scratch database: it changes the demo call's status for good.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from app.accounts.models import User
from app.extensions import db
from app.solicitations.models import Solicitation, SolicitationStatus
from app.solicitations.services import close_solicitation

CHAIR = "chair.us@demo.ecopartnerships.org"


def main() -> None:
    """Close the open demo call, if there is one."""
    with create_app().app_context():
        chair = db.session.scalar(select(User).where(User.email == CHAIR))
        call = db.session.scalar(
            select(Solicitation).where(Solicitation.status == SolicitationStatus.OPEN)
        )
        if chair is None or call is None:
            raise SystemExit("No demo chair or no open call: run `flask seed-demo` first.")
        close_solicitation(call, actor=chair, reason="Load test: the review opens now.")
        db.session.commit()
        print(f"The {call.year} call is closed; its reviews are open for scoring.")


if __name__ == "__main__":
    main()
