"""Demo partner-search notices (issue 18): organizations of the current cycle seeking a
counterpart across the Pacific, in both languages; most published, one waiting for the chairs
and one a draft. Looked up by organization and "seeking" texts, so loading is
idempotent; the end date counts from the day they are first loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from app import clock
from app.demo import specs
from app.demo.data import cycle
from app.focus_areas import FocusArea
from app.notices.models import NoticeFocusArea, NoticeRegion, NoticeState, PartnerNotice
from app.proposals.models import DeliverableKind

if TYPE_CHECKING:
    from app.demo.records import DemoRecords


@dataclass(frozen=True)
class NoticeSpec:
    """One demo notice."""

    organization: specs.Org
    author: str  # the local part of a demo account's address, or "" for none
    offer: tuple[str, str]  # English, Chinese
    seeking: tuple[str, str]
    focus_areas: tuple[FocusArea, ...]
    regions: tuple[str, ...]
    kind: DeliverableKind
    days: int  # it stands until this many days after loading
    state: NoticeState = NoticeState.PUBLISHED


NOTICES: tuple[NoticeSpec, ...] = (
    NoticeSpec(
        cycle.LAKESHORE_REUSE,
        "",
        (
            "Twenty years of municipal water-reuse pilots on the Great Lakes, a membrane test "
            "bench and a network of utility partners.",
            "二十年五大湖地区城市再生水试点经验、一座膜处理试验平台，以及由多家水务公司组成的合作网络。",
        ),
        (
            "A Chinese city or water utility ready to pilot industrial wastewater reuse and "
            "share monitoring data.",
            "寻找愿意试点工业废水回用并共享监测数据的中国城市或水务企业。",
        ),
        (FocusArea.CLEAN_WATER,),
        ("CN-HB", "CN-JS", "CN-ZJ"),
        DeliverableKind.TECHNOLOGY,
        240,
    ),
    NoticeSpec(
        cycle.GRANITE_HEAT,
        "",
        (
            "Installer training and a state rebate design that put cold-climate heat pumps in "
            "12,000 New England homes.",
            "安装人员培训体系和州级补贴方案设计，已推动1.2万户新英格兰家庭使用寒冷地区热泵。",
        ),
        (
            "A northern Chinese city or building association to adapt the program to district "
            "heating retrofits.",
            "寻找中国北方城市或建筑协会，将该项目用于集中供热改造。",
        ),
        (FocusArea.ENERGY_EFFICIENCY, FocusArea.LOW_CARBON_COMMUNITIES),
        ("CN-HL", "CN-JL", "CN-LN"),
        DeliverableKind.PROGRAM,
        180,
    ),
    NoticeSpec(
        cycle.GOBI_THERMAL,
        "",
        (
            "Operating data of solar-thermal plants in Gansu and a molten-salt storage laboratory.",
            "甘肃光热电站运行数据和熔盐储热实验室。",
        ),
        (
            "A university or utility in the U.S. Southwest to study dispatch of high-temperature "
            "storage together.",
            "寻找美国西南部的大学或电力公司，共同研究高温储热的调度策略。",
        ),
        (FocusArea.CLEAN_ELECTRICITY,),
        ("US-NM", "US-AZ", "US-NV"),
        DeliverableKind.TECHNOLOGY,
        300,
    ),
    NoticeSpec(
        cycle.BINGCHENG,
        "",
        ("", "严寒地区超低能耗建筑的设计标准与检测经验。"),  # written in Chinese only
        ("", "寻找美国的州政府或行业协会，共同制定寒冷地区建筑节能政策。"),
        (FocusArea.ENERGY_EFFICIENCY,),
        (),
        DeliverableKind.POLICY,
        120,
    ),
    NoticeSpec(
        cycle.CEDAR_LANTERN,
        "applicant.us",
        (
            "A member-owned microgrid serving 900 households on Lake Superior's shore.",
            "一座为苏必利尔湖畔900户家庭供电的会员所有制微电网。",
        ),
        (
            "A Chinese township or cooperative to compare community ownership of rural microgrids.",
            "寻找中国的乡镇或合作社，比较农村微电网的社区所有制模式。",
        ),
        (FocusArea.CLEAN_ELECTRICITY, FocusArea.LOW_CARBON_COMMUNITIES),
        ("CN-YN", "CN-SC"),
        DeliverableKind.PROGRAM,
        150,
        NoticeState.SUBMITTED,
    ),
    NoticeSpec(
        cycle.YUNSHAN,
        "applicant.cn",
        (
            "Ten years of building low-carbon communities in Yunnan's mountains.",
            "云南山区低碳社区建设的十年经验。",
        ),
        (
            "A U.S. city government to exchange community energy planning methods.",
            "寻找美国的城市政府，交流社区能源规划方法。",
        ),
        (FocusArea.LOW_CARBON_COMMUNITIES,),
        (),
        DeliverableKind.PROGRAM,
        200,
        NoticeState.DRAFT,
    ),
)


def load_notices(records: DemoRecords) -> None:
    """Create the demo notices that are missing."""
    now = clock.now()
    for spec in NOTICES:
        organization = records.org(spec.organization)
        found = records.session.scalar(
            select(PartnerNotice).where(
                PartnerNotice.organization_id == organization.id,
                PartnerNotice.seeking_en == spec.seeking[0],
                PartnerNotice.seeking_zh == spec.seeking[1],
            )
        )

        def make(spec: NoticeSpec = spec, organization_id: int = organization.id) -> PartnerNotice:
            state = spec.state
            return PartnerNotice(
                organization_id=organization_id,
                author_id=records.user(spec.author).id if spec.author else None,
                offer_en=spec.offer[0],
                offer_zh=spec.offer[1],
                seeking_en=spec.seeking[0],
                seeking_zh=spec.seeking[1],
                deliverable_kind=spec.kind,
                ends_on=clock.today() + timedelta(days=spec.days),
                state=state,
                submitted_at=now if state != NoticeState.DRAFT else None,
                published_at=now if state == NoticeState.PUBLISHED else None,
                focus_areas=[NoticeFocusArea(focus_area=area) for area in spec.focus_areas],
                regions=[NoticeRegion(subdivision_code=code) for code in spec.regions],
            )

        records._found("notices", found, make)
