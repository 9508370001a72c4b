"""The benchmark's ceiling: the directory page with no database.

    gunicorn -w 2 -k sync -b 127.0.0.1:8766 bench.ceiling:app

The portal itself (same configuration, extensions, request hooks, security headers, session and
CSRF token, the same Jinja environment and translations) with one more route,
``/ceiling/partnerships``, that renders the real directory template (``public/directory.html``)
for one page of 25 partnerships held in memory: the same filters form, the same places and
years offered, the same table. No query and no validator: whatever a public page costs beyond
this is its database work and its HTTP validators, which is what the ratios measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, render_template, request

from app import create_app, permissions
from app.db import Page
from app.demo.synthetic import SCALE_YEARS, places, plan_scale
from app.organizations.models import Organization
from app.partnerships.models import (
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
)
from app.permissions import requires
from app.public.forms import DirectoryForm
from app.public.read_model import directory_entry

PER_PAGE = 25  # as the directory (app.public.views.DIRECTORY_PER_PAGE)
TOTAL = 10_000  # the page says "10,000 partnerships found", as the benchmarked one does


def in_memory_partnerships(count: int = PER_PAGE) -> list[Partnership]:
    """`count` partnerships of the synthetic data set as transient objects (never in a
    session), with their participant organizations and focus areas."""
    plan = plan_scale(count, seed=1)
    organizations = [Organization(id=i + 1, **row) for i, row in enumerate(plan.organizations)]
    partnerships = []
    for index, row in enumerate(plan.partnerships):
        values = {key: value for key, value in row.items() if key != "proposal"}
        partnership = Partnership(id=index + 1, **values)
        partnership.participants = [
            PartnershipParticipant(
                organization_id=organizations[p["organization"]].id,
                organization=organizations[p["organization"]],
                role=p["role"],
            )
            for p in plan.participants
            if p["partnership"] == index
        ]
        partnership.focus_areas = [
            PartnershipFocusArea(focus_area=f["focus_area"])
            for f in plan.focus_areas
            if f["partnership"] == index
        ]
        partnerships.append(partnership)
    partnerships.sort(key=lambda p: (-p.cohort_year, p.name_en))
    return partnerships


def create_ceiling_app() -> Flask:
    """The portal plus the ceiling route."""
    application = create_app()
    rows = [directory_entry(p) for p in in_memory_partnerships()]
    years = sorted(SCALE_YEARS, reverse=True)
    # At 10,000 partnerships every state and province of the data set has some.
    offered = {code for where in places().values() for code, _en, _zh in where}

    @requires(permissions.anyone)
    def ceiling() -> str:
        """The directory template from memory."""
        form = DirectoryForm(formdata=request.args)
        form.validate()
        form.offer_years(years)
        form.offer_places(offered)
        return render_template(
            "public/directory.html",
            form=form,
            results=Page(items=rows, number=1, per_page=PER_PAGE, total=TOTAL),
            arguments=form.query_arguments(),
        )

    application.add_url_rule("/ceiling/partnerships", "ceiling", ceiling)
    return application


app = create_ceiling_app()
