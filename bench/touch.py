"""Change one public record, as an editor would, then exit: the bench's "a change" step.

    DATABASE_URL=... .venv/bin/python bench/touch.py scale-05000 [--unchanged]

Appends a character to (or takes it off) the partnership's English description and commits through
the ORM session, so that whatever keeps the public data version sees a real change. With
``--unchanged`` it does all the same but the change (the bench's control: the same pause and the
same process started beside the server, nothing committed).
"""

from __future__ import annotations

import sys
from pathlib import Path

# After PYTHONPATH: a before/after run (`run.py --portal-root`) edits with the served copy's code.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.partnerships.models import Partnership


def touch(slug: str, *, change: bool = True) -> None:
    """Change the partnership `slug`'s English description and commit (unless not `change`)."""
    with create_app().app_context():
        partnership = db.session.scalar(select(Partnership).where(Partnership.slug == slug))
        if partnership is None:
            raise SystemExit(f"no partnership {slug}")
        summary = partnership.description_en or ""
        if not change:
            return
        partnership.description_en = summary[:-1] if summary.endswith(".") else summary + "."
        db.session.commit()


if __name__ == "__main__":
    touch(sys.argv[1], change="--unchanged" not in sys.argv[2:])
