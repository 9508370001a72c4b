"""The illustrative current cycle, 2025–2027, as plain values (shapes in `app.demo.specs`).

Every organization and person in it is fictional, and every
organization name carries "(Demo)" / "（演示）" so that none can be mistaken for a real one.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from app.demo.specs import (
    AIR,
    ASSOCIATION,
    CN,
    COMMUNITIES,
    CONFIRMED,
    COUNTY,
    DELAYED,
    DONE,
    EFFICIENCY,
    ELECTRICITY,
    ENTERPRISE,
    GREEN_GROWTH,
    IN_PROGRESS,
    INVITED,
    NGO,
    TRANSPORT,
    UNIVERSITY,
    US,
    WATER,
    WETLANDS,
    ActivePartnershipSpec,
    Criterion,
    Org,
    Person,
    ProposalSpec,
    ResubmissionSpec,
    SolicitationSpec,
    Task,
    UpdateSpec,
    demo_email,
    demo_org,
    proposed_tasks,
    task_rows,
    utc,
)
from app.proposals.models import DeliverableKind

DEMO_PASSWORD = "ecopartners-demo-2026"


class _Chinese(TypedDict):
    """The language and zone of a Chinese demo account."""

    language: str
    time_zone: str


_ZH: _Chinese = {"language": "zh_Hans", "time_zone": "Asia/Shanghai"}

PEOPLE: tuple[Person, ...] = (
    Person(demo_email("admin"), "Portal Administrator (demo)", ("admin",)),
    Person(
        demo_email("chair.us"),
        "Jordan Ellery (demo U.S. co-chair)",
        ("chair",),
        "US",
        title=("Director (demo)", "主任（演示）"),
        office=("Joint Secretariat, U.S. side (demo)", "联合秘书处美方（演示）"),
    ),
    Person(
        demo_email("chair.cn"),
        "林清远（演示·中方联合主席）",
        ("chair",),
        "CN",
        title=("Director-General (demo)", "司长（演示）"),
        office=("Joint Secretariat, Chinese side (demo)", "联合秘书处中方（演示）"),
        **_ZH,
    ),
    Person(demo_email("reviewer.us"), "Morgan Hale (demo reviewer)", ("reviewer",), "US"),
    Person(demo_email("reviewer.us2"), "Riley Okafor (demo reviewer)", ("reviewer",), "US"),
    Person(demo_email("reviewer.us3"), "Casey Lindqvist (demo reviewer)", ("reviewer",), "US"),
    Person(demo_email("reviewer.cn"), "周明澈（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(demo_email("reviewer.cn2"), "许若兰（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(demo_email("reviewer.cn3"), "韩屿（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(demo_email("applicant.us"), "Taylor Brandt (demo applicant)", ("applicant",)),
    Person(demo_email("applicant.cn"), "陈语桐（演示申请人）", ("applicant",), **_ZH),
    Person(demo_email("partner.us"), "Sam Whitcombe (demo partner)", ("applicant",)),
    Person(demo_email("partner.cn"), "王书瑶（演示合作方）", ("applicant",), **_ZH),
)


# Organizations of the three active 2025 partnerships.
TIDEWATER = demo_org(
    "Tidewater Marsh Research Consortium",
    "潮汐沼泽研究联合体",
    US,
    UNIVERSITY,
    "US-MD",
    "Annapolis",
    ("410 Severn Avenue, Suite 210", "21403"),
)
CHENGHU = demo_org(
    "Chenghu Wetland Ecology Institute",
    "澄湖湿地生态研究院",
    CN,
    UNIVERSITY,
    "CN-JS",
    "Suzhou",
    ("吴中区澄湖东路88号", "215124"),
)
PRAIRIE_LANTERN = demo_org(
    "Prairie Lantern Energy Cooperative",
    "草原灯塔能源合作社",
    US,
    ENTERPRISE,
    "US-IA",
    "Ames",
    ("2200 Prairie View Road", "50010"),
)
BEIYUAN = demo_org(
    "Beiyuan Wind & Storage Energy Co.",
    "北原风储能源有限公司",
    CN,
    ENTERPRISE,
    "CN-NM",
    "Hohhot",
    ("赛罕区北原大街1号", "010020"),
)
BAYFRONT = demo_org(
    "Bayfront Transit District",
    "湾畔公共交通区",
    US,
    COUNTY,
    "US-CA",
    "Oakland",
    ("1800 Embarcadero Way, Floor 4", "94606"),
)
QINGMIAO = demo_org(
    "Qingmiao Electric Bus Group",
    "青苗电动公交集团",
    CN,
    ENTERPRISE,
    "CN-FJ",
    "Fuzhou",
    ("仓山区青苗路16号", "350007"),
)
# Declined in 2025.
SUMMIT_TRAIL = demo_org(
    "Summit Trail Composting Network",
    "山径堆肥网络",
    US,
    NGO,
    "US-VT",
    "Burlington",
    ("75 Summit Trail Lane", "05401"),
)
MOUNTAIN_BROOK = demo_org(
    "Mountain Brook Compost Cooperative",
    "山溪堆肥合作社",
    CN,
    NGO,
    "CN-ZJ",
    "Huzhou",
    ("吴兴区山溪路9号", "313000"),
)
# Applicants to the open 2026/27 solicitation.
CEDAR_LANTERN = demo_org(
    "Cedar Lantern Microgrid Cooperative", "雪松灯笼微电网合作社", US, ENTERPRISE, "US-MN", "Duluth"
)
YUNSHAN = demo_org(
    "Yunshan Low-Carbon Community Center", "云杉低碳社区发展中心", CN, NGO, "CN-YN", "Kunming"
)
RED_MESA = demo_org(
    "Red Mesa Solar Institute", "红台地太阳能研究所", US, UNIVERSITY, "US-NM", "Albuquerque"
)
GOBI_THERMAL = demo_org(
    "Gobi Solar Thermal Research Center", "戈壁光热研究中心", CN, UNIVERSITY, "CN-GS", "Lanzhou"
)
RIVERSIDE_CLEARWATER = demo_org(
    "Riverside Clearwater Technologies Co.",
    "江畔清水科技有限公司",
    CN,
    ENTERPRISE,
    "CN-HB",
    "Wuhan",
)
LAKESHORE_REUSE = demo_org(
    "Lakeshore Water Reuse Institute", "湖岸水回用研究所", US, UNIVERSITY, "US-MI", "Ann Arbor"
)
GRANITE_HEAT = demo_org(
    "Granite State Heat Pump Alliance", "花岗岩州热泵联盟", US, ASSOCIATION, "US-NH", "Concord"
)
BINGCHENG = demo_org(
    "Bingcheng Building Efficiency Association",
    "冰城建筑节能协会",
    CN,
    ASSOCIATION,
    "CN-HL",
    "Harbin",
)

# Who belongs to which demo organization: (email local part, organization, is_owner).
MEMBERSHIPS: tuple[tuple[str, Org, bool], ...] = (
    ("applicant.us", CEDAR_LANTERN, True),
    ("applicant.cn", YUNSHAN, True),
    ("partner.us", TIDEWATER, True),
    ("partner.us", PRAIRIE_LANTERN, True),
    ("partner.us", BAYFRONT, True),
    ("partner.us", SUMMIT_TRAIL, True),  # its lead: resubmits the declined composting proposal
    ("partner.cn", CHENGHU, True),
    ("partner.cn", BEIYUAN, True),
    ("partner.cn", QINGMIAO, True),
)


RUBRIC: tuple[Criterion, ...] = (
    Criterion(
        "Impact",
        "影响力",
        "Scale and significance of the energy, climate or environmental benefits.",
        "能源、气候或环境效益的规模与重要性。",
        25,
    ),
    Criterion(
        "Innovation",
        "创新性",
        "How new the approach is, for the partners and for their peers.",
        "所采用方法对合作双方及同行而言的新颖程度。",
        20,
    ),
    Criterion(
        "Viability",
        "可行性",
        "Capacity, resources and commitment of the partners to deliver over three years.",
        "合作双方在三年内实施项目的能力、资源和承诺。",
        20,
    ),
    Criterion(
        "Tangible deliverable",
        "可见成果",
        "A technology, policy or program that will be developed and demonstrated.",
        "将被开发并示范的技术、政策或项目。",
        20,
    ),
    Criterion(
        "Replicability",
        "可复制性",
        "How readily others in both countries could adopt the results.",
        "两国其他机构采用其成果的难易程度。",
        15,
    ),
)


GUIDANCE_EN = (
    "The U.S.–China EcoPartnerships program invites subnational organizations from both "
    "countries — companies and industry associations, universities and research institutes, "
    "NGOs, states and provinces, counties and cities — to pair up and pilot a clean energy, "
    "climate or environmental solution over three years. Each proposal must develop and "
    "demonstrate something tangible: a technology, a policy or a program.\n\n"
    "Applications are submitted in English and, identically, in Chinese, and go to both national "
    "secretariats. Receipt is confirmed by e-mail; no changes are possible after submission. "
    "Late or incomplete applications are not considered. Applying is free and selection brings "
    "no funding: selected partnerships receive recognition and tailored support from the Joint "
    "Secretariat. An organization already in an EcoPartnership may not apply again with new "
    "partners.\n\n"
    "This call is illustrative demonstration data."
)
GUIDANCE_ZH = (
    "中美绿色合作伙伴计划邀请两国地方层面的机构—\u2060—企业和行业协会、大学和科研机构、非政府组织、州和省、"
    "县和城市—\u2060—结对合作，在三年内试点清洁能源、气候或环境解决方案。每份申请须开发并示范一项可见成果："
    "一项技术、一项政策或一个项目。\n\n"
    "申请材料以英文提交，并同时提交内容一致的中文版本，由两国秘书处共同受理。收到申请后将通过电子邮件确认；"
    "提交后不得修改。逾期或不完整的申请不予受理。申请免费，入选不提供资金支持：入选的合作伙伴将获得联合"
    "秘书处的认可和量身定制的支持。已参加绿色合作伙伴的机构不得与新的合作方再次申请。\n\n"
    "本次征集为演示数据。"
)

SOLICITATION_2025 = SolicitationSpec(
    2025,
    "2024–2025 U.S.–China EcoPartnerships Solicitation",
    "2024–2025年中美绿色合作伙伴计划征集",
    GUIDANCE_EN,
    GUIDANCE_ZH,
    utc(2024, 10, 1, 13),
    utc(2025, 5, 31, 15, 59),
    "decisions_published",
    3,
)
SOLICITATION_2027 = SolicitationSpec(
    2027,
    "2026–2027 U.S.–China EcoPartnerships Solicitation",
    "2026–2027年中美绿色合作伙伴计划征集",
    GUIDANCE_EN,
    GUIDANCE_ZH,
    utc(2026, 10, 1, 13),
    utc(2027, 5, 31, 15, 59),  # 11:59 a.m. EDT
    "open",
    5,
)


SELECTED_ON = date(2025, 8, 1)  # decisions published
SIGNED_ON_2025 = date(2025, 9, 15)  # the (fictional) 2025 signing ceremony

WETLANDS_MILESTONES = (
    Task(
        1,
        1,
        "Joint field protocol and sensor network design",
        "联合野外监测规程和传感网络设计",
        "A bilingual monitoring protocol adopted by both teams",
        date(2025, 12, 31),
        DONE,
        date(2025, 12, 12),
        "Protocol v1.0 signed off by both principal investigators.",
    ),
    Task(
        1,
        2,
        "Sensor networks installed at two pilot marshes",
        "在两处试点沼泽安装传感网络",
        "24 water-level and salinity sensors (12 per site) reporting daily",
        date(2026, 4, 30),
        DONE,
        date(2026, 4, 22),
        "Commissioning report; first 30 days of data published.",
        True,
    ),
    Task(
        1,
        3,
        "Baseline vegetation and bird survey",
        "植被与鸟类本底调查",
        "Baseline survey of both sites published as open data",
        date(2026, 8, 31),
        DONE,
        date(2026, 9, 5),
        "Survey dataset released under an open licence.",
    ),
    Task(
        2,
        1,
        "Restore degraded marsh at both sites",
        "恢复两处试点的退化沼泽",
        "20 hectares restored at each site",
        date(2027, 6, 30),
        IN_PROGRESS,
    ),
    Task(
        2,
        2,
        "Field technician exchange",
        "野外技术人员交流",
        "Six technicians spend two weeks at the partner site",
        date(2027, 3, 31),
        DONE,
        date(2026, 10, 20),
        "Exchange completed in October 2026; trip report filed.",
    ),
    Task(
        2,
        3,
        "Open monitoring dashboard",
        "开放式监测看板",
        "Public bilingual dashboard of sensor data",
        date(2027, 8, 31),
    ),
    Task(
        3,
        1,
        "Restoration handbook",
        "湿地恢复手册",
        "Handbook in English and Chinese, peer reviewed",
        date(2028, 6, 30),
    ),
    Task(
        3,
        2,
        "Replication workshop",
        "推广研讨会",
        "Workshop for managers of five other reserves",
        date(2028, 8, 31),
    ),
)

STORAGE_MILESTONES = (
    Task(
        1,
        1,
        "Feasibility study for two rural feeders",
        "两条农村馈线储能可行性研究",
        "Study comparing storage options at one feeder in each country",
        date(2026, 1, 31),
        DONE,
        date(2026, 1, 30),
        "Study report accepted by both boards.",
    ),
    Task(
        1,
        2,
        "Shared procurement specification",
        "统一采购技术规范",
        "One specification for 1 MWh battery systems used in both countries",
        date(2026, 5, 31),
        DONE,
        date(2026, 5, 15),
        "Specification published with the implementation plan.",
    ),
    Task(
        1,
        3,
        "First battery commissioned at the U.S. feeder",
        "美方馈线首套电池投运",
        "1 MWh battery in service, integrated with the feeder's wind turbines",
        date(2026, 8, 31),
        DONE,
        date(2026, 8, 20),
        "Commissioning certificate.",
        True,
    ),
    Task(
        2,
        1,
        "Battery commissioned at the Chinese site",
        "中方站点电池投运",
        "1 MWh battery in service at the Chinese pilot site",
        date(2027, 3, 31),
        DELAYED,
    ),
    Task(
        2,
        2,
        "Six months of operating data shared",
        "共享六个月运行数据",
        "Anonymized operating data exchanged under the data-sharing agreement",
        date(2027, 6, 30),
        IN_PROGRESS,
    ),
    Task(
        2,
        3,
        "Curtailment reduction analysis",
        "弃风减少分析",
        "Measured reduction of wind curtailment at both feeders",
        date(2027, 9, 30),
    ),
    Task(
        3,
        1,
        "Tariff options paper for rural cooperatives",
        "农村合作社电价方案报告",
        "Options paper discussed with regulators in both countries",
        date(2028, 5, 31),
    ),
)

BUS_MILESTONES = (
    Task(
        1,
        1,
        "Route energy modeling",
        "线路能耗建模",
        "Energy model of 10 bus routes in each city",
        date(2025, 12, 31),
        DONE,
        date(2025, 12, 20),
        "Model and assumptions published.",
    ),
    Task(
        1,
        2,
        "Depot charging management pilot",
        "场站充电管理试点",
        "Managed charging at one depot per city, peak demand reduced by 15%",
        date(2026, 6, 30),
        DONE,
        date(2026, 6, 10),
        "Three months of metered depot data.",
        True,
    ),
    Task(
        1,
        3,
        "Driver eco-training curriculum",
        "驾驶员节能培训课程",
        "Bilingual curriculum; 200 drivers trained",
        date(2026, 7, 31),
        DONE,
        date(2026, 7, 30),
        "Curriculum released; attendance records.",
        True,
    ),
    Task(
        2,
        1,
        "Second-life evaluation of retired battery packs",
        "退役电池梯次利用评估",
        "20 retired packs tested for stationary storage",
        date(2027, 5, 31),
        IN_PROGRESS,
    ),
    Task(
        2,
        2,
        "Air quality monitoring along two corridors",
        "两条走廊空气质量监测",
        "12 months of roadside PM2.5 and NO2 data",
        date(2027, 7, 31),
        IN_PROGRESS,
    ),
    Task(
        2,
        3,
        "Mid-term public report",
        "中期公开报告",
        "Report on results to date, in both languages",
        date(2027, 9, 15),
    ),
    Task(
        3,
        1,
        "Procurement guide for mid-size cities",
        "中等城市电动公交采购指南",
        "Guide reviewed by two transit associations",
        date(2028, 6, 30),
    ),
    Task(
        3,
        2,
        "Peer exchange with other transit agencies",
        "与其他公交机构的同行交流",
        "Exchange with four agencies in each country",
        date(2028, 8, 31),
    ),
)


PROPOSALS_2025: tuple[ProposalSpec, ...] = (
    ProposalSpec(
        "Sensor-guided restoration of tidal and lake marshes",
        "传感器引导的潮汐与湖泊沼泽恢复",
        TIDEWATER,
        ((CHENGHU, CONFIRMED),),
        "partner.us",
        (WETLANDS, WATER),
        DeliverableKind.PROGRAM,
        "Two research groups restore degraded marshes using shared low-cost sensor networks.",
        "两个研究团队利用共享的低成本传感网络恢复退化沼泽。",
        "A restoration program and handbook driven by continuous hydrological monitoring.",
        "以连续水文监测为基础的湿地恢复项目和手册。",
        "Restore 40 hectares; publish open monitoring data; train reserve managers.",
        "恢复40公顷湿地；公开监测数据；培训保护区管理人员。",
        "Healthier marshes that store carbon, buffer storms and filter water.",
        "更健康的沼泽湿地，可固碳、缓冲风暴并净化水体。",
        proposed_tasks(WETLANDS_MILESTONES),
        "selected",
        "EP-2025-001",
        utc(2025, 5, 20, 14, 2),
    ),
    ProposalSpec(
        "Wind-plus-storage for rural distribution feeders",
        "农村配电馈线风电加储能",
        PRAIRIE_LANTERN,
        ((BEIYUAN, CONFIRMED),),
        "partner.us",
        (ELECTRICITY,),
        DeliverableKind.TECHNOLOGY,
        "A rural cooperative and a wind developer pair batteries with wind on weak feeders.",
        "一家农村能源合作社与一家风电企业在薄弱馈线上为风电配置电池储能。",
        "Two 1 MWh battery installations operated with a shared control strategy.",
        "采用统一控制策略运行的两套1兆瓦时电池系统。",
        "Cut curtailment, defer feeder upgrades, and design fair tariffs for storage.",
        "减少弃风、推迟馈线改造，并设计合理的储能电价。",
        "More local wind power used on rural grids in both countries.",
        "两国农村电网消纳更多本地风电。",
        proposed_tasks(STORAGE_MILESTONES),
        "selected",
        "EP-2025-002",
        utc(2025, 5, 28, 9, 40),
    ),
    ProposalSpec(
        "Electric buses for mid-size harbor cities",
        "中等港口城市电动公交",
        BAYFRONT,
        ((QINGMIAO, CONFIRMED),),
        "partner.us",
        (TRANSPORT, AIR),
        DeliverableKind.PROGRAM,
        "Two transit operators share what works when electrifying bus fleets.",
        "两家公交运营机构分享公交车队电动化的有效做法。",
        "A managed-charging and driver-training program with a procurement guide.",
        "包括有序充电、驾驶员培训和采购指南在内的项目。",
        "Lower depot peak demand, train drivers, evaluate second-life batteries.",
        "降低场站峰值负荷、培训驾驶员、评估电池梯次利用。",
        "Cleaner air along bus corridors and lower operating costs.",
        "公交走廊空气更清洁，运营成本更低。",
        proposed_tasks(BUS_MILESTONES),
        "selected",
        "EP-2025-003",
        utc(2025, 5, 30, 22, 15),
    ),
    ProposalSpec(
        "Community composting networks for small towns",
        "小城镇社区堆肥网络",
        SUMMIT_TRAIL,
        ((MOUNTAIN_BROOK, CONFIRMED),),
        "partner.us",
        (GREEN_GROWTH, COMMUNITIES),
        DeliverableKind.PROGRAM,
        "Two networks compare models for town-scale composting of food waste.",
        "两个网络比较城镇规模厨余垃圾堆肥的模式。",
        "A composting program toolkit.",
        "堆肥项目工具包。",
        "Divert food waste from landfill in four towns.",
        "在四个城镇实现厨余垃圾不进填埋场。",
        "Less methane from landfills.",
        "减少垃圾填埋场甲烷排放。",
        (),
        "declined",
        "EP-2025-004",
        utc(2025, 5, 31, 15, 30),
    ),
)

# The declined composting proposal, carried into the open call (its reviews said the
# deliverable needed to be more specific).
RESUBMITTED_2025 = ResubmissionSpec(
    "EP-2025-004",
    "partner.us",
    "Last year's reviewers asked for a more specific deliverable. The toolkit is now two things: "
    "a sizing calculator for town composting sites and a training course run in both countries.",
    "去年的评审意见认为成果不够具体。现在的工具包包括两部分：城镇堆肥场规模计算器，以及在两国开设的培训课程。",
)

REVIEW_SCORES_2025: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    # reference: (reviewer.us scores, reviewer.cn scores), one per rubric criterion
    "EP-2025-001": ((5, 4, 4, 5, 4), (4, 4, 5, 5, 4)),
    "EP-2025-002": ((4, 5, 4, 4, 4), (5, 4, 4, 4, 5)),
    "EP-2025-003": ((4, 4, 5, 4, 5), (4, 3, 4, 5, 4)),
    "EP-2025-004": ((3, 3, 2, 3, 3), (3, 2, 3, 2, 3)),
}

ACTIVE_PARTNERSHIPS: tuple[ActivePartnershipSpec, ...] = (
    ActivePartnershipSpec(
        "demo-tidewater-chenghu-wetlands",
        "Tidewater Marsh Research Consortium (Demo) – Chenghu Wetland Ecology Institute (Demo)",
        "潮汐沼泽研究联合体（演示）—澄湖湿地生态研究院（演示）",
        "Restore tidal and lake marshes with shared low-cost sensor networks.",
        "利用共享的低成本传感网络恢复潮汐与湖泊沼泽。",
        "Illustrative partnership. The partners monitor water level and salinity continuously at "
        "two pilot marshes and use the data to guide restoration, then write a handbook other "
        "reserves can follow.",
        "演示用合作伙伴。双方在两处试点沼泽连续监测水位和盐度，以数据指导湿地恢复，并编写可供其他保护区"
        "借鉴的手册。",
        PROPOSALS_2025[0],
        WETLANDS_MILESTONES,
        (
            UpdateSpec(
                "Sensor networks are live at both pilot marshes",
                "All 24 sensors are reporting daily water level and salinity. The first month of "
                "data is available on request while the public dashboard is being built.",
                "en",
                "partner.us",
                published_at=utc(2026, 5, 8, 15),
            ),
            UpdateSpec(
                "本底调查数据正式公开",
                "两处试点的植被与鸟类本底调查已完成，数据集已按开放许可发布，欢迎同行使用。",
                "zh_Hans",
                "partner.cn",
                published_at=utc(2026, 9, 18, 2),
            ),
            UpdateSpec(
                "Technician exchange completed",
                "Six field technicians spent two weeks at the partner site in October, comparing "
                "planting methods and sensor maintenance routines.",
                "en",
                "partner.us",
                published_at=utc(2026, 11, 2, 16),
            ),
            UpdateSpec(
                "Land access for the second restoration area",
                "Negotiations with the landowner at the U.S. site are taking longer than "
                "planned; we may need to move part of the year-2 restoration to 2028.",
                "en",
                "partner.us",
                visibility="secretariat",
                state="submitted",
                submitted_at=utc(2026, 11, 10, 14),
            ),
            UpdateSpec(
                "第二年恢复工程进展（草稿）",
                "恢复工程已完成约三分之一，详细数据整理中。",
                "zh_Hans",
                "partner.cn",
                state="draft",
            ),
        ),
    ),
    ActivePartnershipSpec(
        "demo-prairie-lantern-beiyuan-storage",
        "Prairie Lantern Energy Cooperative (Demo) – Beiyuan Wind & Storage Energy Co. (Demo)",
        "草原灯塔能源合作社（演示）—北原风储能源有限公司（演示）",
        "Pair batteries with wind power on weak rural feeders.",
        "在薄弱的农村馈线上为风电配置电池储能。",
        "Illustrative partnership. A rural electric cooperative and a wind-and-storage developer "
        "install one 1 MWh battery in each country under a shared specification, compare "
        "operating data and draft tariff options for storage on rural grids.",
        "演示用合作伙伴。一家农村电力合作社与一家风储企业按统一规范在两国各安装一套1兆瓦时电池，比较运行"
        "数据，并起草农村电网储能电价方案。",
        PROPOSALS_2025[1],
        STORAGE_MILESTONES,
        (
            UpdateSpec(
                "One specification for both batteries",
                "The partners published a single procurement specification for the two battery "
                "systems, so that operating data will be directly comparable.",
                "en",
                "partner.us",
                published_at=utc(2026, 5, 27, 15),
            ),
            UpdateSpec(
                "美方首套电池投运",
                "美方馈线的1兆瓦时电池已于8月投运，与馈线上的风机协同运行。中方站点正在办理并网手续。",
                "zh_Hans",
                "partner.cn",
                published_at=utc(2026, 9, 3, 3),
            ),
            UpdateSpec(
                "中方站点并网审批延迟说明",
                "并网审批预计推迟约三个月，第二年第一项里程碑将相应顺延，其余工作不受影响。",
                "zh_Hans",
                "partner.cn",
                visibility="secretariat",
                submitted_at=utc(2026, 10, 12, 2),
                published_at=utc(2026, 10, 14, 13),
            ),
            UpdateSpec(
                "First winter of operation (draft)",
                "Notes on cold-weather performance so far.",
                "en",
                "partner.us",
                state="draft",
            ),
        ),
    ),
    ActivePartnershipSpec(
        "demo-bayfront-qingmiao-ebus",
        "Bayfront Transit District (Demo) – Qingmiao Electric Bus Group (Demo)",
        "湾畔公共交通区（演示）—青苗电动公交集团（演示）",
        "Electrify bus fleets in mid-size harbor cities at lower cost.",
        "以更低成本推动中等港口城市公交车队电动化。",
        "Illustrative partnership. Two transit operators share route modeling, managed depot "
        "charging and driver training, test second-life uses of retired batteries and write a "
        "procurement guide for mid-size cities.",
        "演示用合作伙伴。两家公交运营机构分享线路建模、场站有序充电和驾驶员培训经验，测试退役电池的梯次"
        "利用，并为中等城市编写采购指南。",
        PROPOSALS_2025[2],
        BUS_MILESTONES,
        (
            UpdateSpec(
                "Managed charging cuts depot peak demand",
                "After three months of managed charging at one depot in each city, peak demand "
                "fell by about 15% with no change to service.",
                "en",
                "partner.us",
                published_at=utc(2026, 6, 24, 17),
            ),
            UpdateSpec(
                "节能驾驶培训课程发布",
                "中英双语节能驾驶培训课程已发布，两地共有200名驾驶员完成培训。",
                "zh_Hans",
                "partner.cn",
                published_at=utc(2026, 8, 12, 4),
            ),
            UpdateSpec(
                "Retired battery testing begins",
                "Twenty retired bus battery packs have arrived at the test bench for evaluation "
                "as stationary storage.",
                "en",
                "partner.us",
                published_at=utc(2026, 11, 16, 18),
            ),
            UpdateSpec(
                "Budget for year-2 air monitoring",
                "One corridor's monitors are funded through 2027; we are seeking support for "
                "the second.",
                "en",
                "partner.us",
                visibility="secretariat",
                submitted_at=utc(2026, 9, 30, 15),
                published_at=utc(2026, 10, 2, 14),
            ),
            UpdateSpec(
                "空气质量监测初步结果（草稿）",
                "初步数据待校准后发布。",
                "zh_Hans",
                "partner.cn",
                state="draft",
            ),
        ),
    ),
)


PROPOSALS_2027: tuple[ProposalSpec, ...] = (
    ProposalSpec(
        "Cold-climate community microgrids",
        "寒冷地区社区微电网",
        CEDAR_LANTERN,
        ((YUNSHAN, INVITED),),
        "applicant.us",
        (ELECTRICITY, COMMUNITIES),
        DeliverableKind.TECHNOLOGY,
        "Draft: microgrids that keep small communities powered through winter storms.",
        "草稿：在冬季风暴期间保障小型社区供电的微电网。",
        "A reference design for community microgrids.",
        "社区微电网参考设计。",
        "",
        "",
        "",
        "",
        task_rows(
            (1, 1, "Site selection", "选址", "One pilot community per country", date(2028, 3, 1)),
        ),
    ),
    ProposalSpec(
        "Low-carbon retrofits for mountain villages",
        "山区村庄低碳改造",
        YUNSHAN,
        (),
        "applicant.cn",
        (COMMUNITIES, EFFICIENCY),
        DeliverableKind.PROGRAM,
        "Draft: low-cost building efficiency and clean cooking retrofits for mountain villages.",
        "草稿：为山区村庄提供低成本的建筑节能和清洁炊事改造。",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    ProposalSpec(
        "Solar thermal storage for desert industrial parks",
        "沙漠工业园区光热储能",
        RED_MESA,
        ((GOBI_THERMAL, CONFIRMED),),
        "applicant.us",
        (ELECTRICITY, GREEN_GROWTH),
        DeliverableKind.TECHNOLOGY,
        "Two research centers pilot molten-salt thermal storage for industrial process heat.",
        "两家研究中心试点用于工业过程供热的熔盐储热技术。",
        "A 2 MWh thermal storage demonstrator at an industrial park in each country.",
        "在两国各一个工业园区建设2兆瓦时储热示范装置。",
        "Replace fossil process heat; publish performance data; train operators.",
        "替代化石能源工业供热；公开性能数据；培训运行人员。",
        "Lower emissions from industrial heat in sunny, dry regions.",
        "降低光照充足的干旱地区工业供热排放。",
        task_rows(
            (
                1,
                1,
                "Site and load assessment",
                "场址与负荷评估",
                "Two parks assessed",
                date(2028, 1, 1),
            ),
            (1, 2, "Demonstrator design", "示范装置设计", "Shared design frozen", date(2028, 6, 1)),
            (
                2,
                1,
                "Build U.S. demonstrator",
                "建设美方示范装置",
                "2 MWh unit running",
                date(2029, 3, 1),
            ),
            (
                2,
                2,
                "Build Chinese demonstrator",
                "建设中方示范装置",
                "2 MWh unit running",
                date(2029, 5, 1),
            ),
            (
                3,
                1,
                "Performance report",
                "性能报告",
                "12 months of data published",
                date(2030, 3, 1),
            ),
            (3, 2, "Operator training", "运行人员培训", "40 operators trained", date(2030, 6, 1)),
        ),
        "submitted",
        "EP-2027-001",
        utc(2026, 10, 28, 16, 5),
        ("reviewer.us", "reviewer.cn", "reviewer.us2"),
    ),
    ProposalSpec(
        "Industrial water reuse along the middle Yangtze and the Great Lakes",
        "长江中游与五大湖地区工业水回用",
        RIVERSIDE_CLEARWATER,
        ((LAKESHORE_REUSE, CONFIRMED),),
        "applicant.cn",
        (WATER, GREEN_GROWTH),
        DeliverableKind.TECHNOLOGY,
        "A water technology company and a research institute pilot membrane reuse of industrial "
        "wastewater.",
        "一家水技术企业与一家研究所试点工业废水膜法回用。",
        "Two skid-mounted reuse units treating 500 m³ a day each.",
        "两套日处理500立方米的撬装式回用装置。",
        "Reuse half of the pilot plants' process water; share operating data.",
        "试点工厂一半工艺用水实现回用；共享运行数据。",
        "Less freshwater withdrawal and discharge in two stressed basins.",
        "减少两个用水紧张流域的取水量和排放量。",
        task_rows(
            (
                1,
                1,
                "Baseline water audits",
                "用水基线审计",
                "Audits at two plants",
                date(2027, 12, 1),
            ),
            (
                1,
                2,
                "Pilot unit design",
                "试点装置设计",
                "Design approved by both plants",
                date(2028, 4, 1),
            ),
            (2, 1, "Units commissioned", "装置投运", "Both units treating water", date(2029, 1, 1)),
            (3, 1, "Reuse guideline", "回用指南", "Guideline in both languages", date(2030, 4, 1)),
        ),
        "submitted",
        "EP-2027-002",
        utc(2026, 11, 9, 3, 20),
        ("reviewer.cn2", "reviewer.us", "reviewer.cn"),
    ),
    ProposalSpec(
        "Cold-climate heat pumps for apartment buildings",
        "严寒地区住宅建筑热泵",
        GRANITE_HEAT,
        ((BINGCHENG, CONFIRMED),),
        "applicant.us",
        (EFFICIENCY, AIR),
        DeliverableKind.POLICY,
        "Two industry associations test heat pumps in cold-climate apartment blocks and draft "
        "installation standards.",
        "两家行业协会在严寒地区住宅楼测试热泵并起草安装标准。",
        "A model installation standard and incentive design for cold-climate heat pumps.",
        "严寒地区热泵安装示范标准和激励机制设计。",
        "Retrofit 200 apartments; measure savings; propose a standard to regulators.",
        "改造200套住宅；测量节能效果；向主管部门提出标准建议。",
        "Lower heating emissions and cleaner winter air.",
        "降低供暖排放，改善冬季空气质量。",
        task_rows(
            (1, 1, "Select buildings", "选定楼栋", "Four buildings per country", date(2027, 12, 1)),
            (2, 1, "Retrofit and meter", "改造与计量", "200 apartments metered", date(2028, 12, 1)),
            (3, 1, "Model standard", "示范标准", "Draft standard submitted", date(2030, 2, 1)),
        ),
        "submitted",
        "EP-2027-003",
        utc(2026, 11, 18, 20, 45),
    ),
)
