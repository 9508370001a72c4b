"""Demo data, as plain values: the program's real history and an illustrative current cycle.

Nothing here touches the database; `app.demo.services.seed_demo` loads it.

Part 1 — the real history, 2008–2017. The program selected 45 EcoPartnerships in eight cohorts
(2008: 7, 2011: 6, 2012: 5, 2013: 6, 2014: 6, 2015: 6, 2016: 6, 2017: 3; none in 2009 or 2010).
Only partnerships whose partners, places and purpose could be checked against the public record
(State Department media notes and fact sheets, the program site ecopartnerships.lbl.gov, partner
announcements) are listed. Goals and descriptions paraphrase what was announced at selection;
they claim no results the record does not show. Where a detail was not certain it was left out
(an empty city or website) rather than guessed. Chinese names of U.S. organizations are the
usual renderings or, for small companies, plain transliterations.

Part 2 — the current cycle, 2025–2027. Every organization and person in it is fictional, and every
organization name carries "(Demo)" / "（演示）" so that none can be mistaken for a real one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import MilestoneStatus
from app.proposals.models import DeliverableKind

US = Country.US
CN = Country.CN
ENTERPRISE = OrganizationType.ENTERPRISE
ASSOCIATION = OrganizationType.INDUSTRY_ASSOCIATION
UNIVERSITY = OrganizationType.UNIVERSITY  # universities and research institutes
NGO = OrganizationType.NGO
STATE = OrganizationType.STATE_GOVERNMENT  # U.S. states, Chinese provinces and their agencies
COUNTY = OrganizationType.COUNTY_GOVERNMENT
CITY = OrganizationType.CITY_GOVERNMENT

AIR = FocusArea.CLEAN_AIR
WATER = FocusArea.CLEAN_WATER
ELECTRICITY = FocusArea.CLEAN_ELECTRICITY
TRANSPORT = FocusArea.CLEAN_TRANSPORTATION
WETLANDS = FocusArea.FORESTS_WETLANDS
EFFICIENCY = FocusArea.ENERGY_EFFICIENCY
GREEN_GROWTH = FocusArea.GREEN_GROWTH
COMMUNITIES = FocusArea.LOW_CARBON_COMMUNITIES


@dataclass(frozen=True)
class Org:
    """An organization; (name_en, country) is its natural key."""

    name_en: str
    name_zh: str
    country: Country
    type: OrganizationType
    subdivision: str  # ISO 3166-2, e.g. "US-UT", "CN-QH"
    city: str = ""
    website: str = ""
    description: str = ""


@dataclass(frozen=True)
class HistoricalPartnership:
    """A graduated EcoPartnership. The first U.S. organization is the lead."""

    slug: str
    cohort_year: int
    name_en: str  # "U.S. side – Chinese side", as the program's site showed it
    name_zh: str
    us: tuple[Org, ...]
    cn: tuple[Org, ...]
    focus_areas: tuple[FocusArea, ...]
    goal_en: str
    goal_zh: str
    description_en: str
    description_zh: str


@dataclass(frozen=True)
class Cohort:
    """A selection year: when its partnerships were signed, and how many were selected."""

    year: int
    signed_on: date
    signing_known: bool  # False: the ceremony date is not on record; December 1 stands in
    ceremony: str
    selected: int  # how many EcoPartnerships the program selected that year (public record)
    opens_on: date  # the call's window; approximate except where `window_known`
    closes_at: datetime
    window_known: bool = False


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Part 1: cohorts and their signing ceremonies
# ---------------------------------------------------------------------------------------------

COHORTS: tuple[Cohort, ...] = (
    Cohort(
        2008,
        date(2008, 12, 4),
        True,
        "Fifth U.S.–China Strategic Economic Dialogue, Beijing",
        7,
        date(2008, 7, 1),
        _utc(2008, 10, 31, 21),
    ),
    Cohort(
        2011,
        date(2011, 5, 10),
        True,
        "Third U.S.–China Strategic and Economic Dialogue, Department of State, Washington",
        6,
        date(2010, 10, 1),
        _utc(2011, 1, 14, 21),
    ),
    Cohort(
        2012,
        date(2012, 5, 3),
        True,
        "Fourth U.S.–China Strategic and Economic Dialogue, Diaoyutai, Beijing",
        5,
        date(2011, 12, 1),
        _utc(2012, 3, 8, 21),
    ),
    Cohort(
        2013,
        date(2013, 7, 11),
        True,
        "Fifth U.S.–China Strategic and Economic Dialogue, Department of State, Washington",
        6,
        date(2013, 1, 15),
        _utc(2013, 3, 29, 21),
    ),
    Cohort(
        2014,
        date(2014, 7, 10),
        True,
        "Sixth U.S.–China Strategic and Economic Dialogue, Beijing",
        6,
        date(2014, 1, 15),
        _utc(2014, 3, 31, 21),
    ),
    Cohort(
        2015,
        date(2015, 6, 23),
        True,
        "Seventh U.S.–China Strategic and Economic Dialogue, Washington",
        6,
        date(2015, 1, 15),
        _utc(2015, 3, 31, 21),
    ),
    Cohort(
        2016,
        date(2016, 6, 6),
        True,
        "Eighth U.S.–China Strategic and Economic Dialogue, Diaoyutai, Beijing",
        6,
        date(2016, 1, 15),
        _utc(2016, 3, 31, 21),
    ),
    Cohort(
        2017,
        date(2017, 12, 1),
        False,
        "Announced by the Department of State",
        3,
        date(2017, 3, 1),
        _utc(2017, 5, 31, 15, 59),
        window_known=True,
    ),
)

# ---------------------------------------------------------------------------------------------
# Part 1: organizations of the historical partnerships
# ---------------------------------------------------------------------------------------------

WICHITA = Org(
    "City of Wichita",
    "威奇托市",
    US,
    CITY,
    "US-KS",
    "Wichita",
    "https://www.wichita.gov",
    "Municipal government of Wichita, Kansas.",
)
WUXI = Org(
    "City of Wuxi",
    "无锡市",
    CN,
    CITY,
    "CN-JS",
    "Wuxi",
    "",
    "Municipal government of Wuxi, Jiangsu Province, on the shore of Taihu Lake.",
)
ENERGY_FUTURE = Org(
    "Energy Future Holdings Corp.",
    "能源未来控股公司",
    US,
    ENTERPRISE,
    "US-TX",
    "Dallas",
    "",
    "Texas electric utility holding company.",
)
HUADIAN = Org(
    "China Huadian Corporation",
    "中国华电集团公司",
    CN,
    ENTERPRISE,
    "CN-BJ",
    "Beijing",
    "",
    "One of China's large state-owned power generation groups.",
)
DENVER = Org(
    "City and County of Denver",
    "丹佛市",
    US,
    CITY,
    "US-CO",
    "Denver",
    "https://www.denvergov.org",
    "Consolidated city and county government of Denver, Colorado.",
)
FORD = Org(
    "Ford Motor Company",
    "福特汽车公司",
    US,
    ENTERPRISE,
    "US-MI",
    "Dearborn",
    "https://www.ford.com",
    "Automaker headquartered in Dearborn, Michigan.",
)
CHONGQING = Org(
    "Chongqing Municipality",
    "重庆市",
    CN,
    CITY,
    "CN-CQ",
    "Chongqing",
    "",
    "Municipality directly under the central government, in southwest China.",
)
CHANGAN = Org(
    "Chongqing Changan Automobile Company",
    "重庆长安汽车股份有限公司",
    CN,
    ENTERPRISE,
    "CN-CQ",
    "Chongqing",
    "",
    "Automaker headquartered in Chongqing.",
)
TULANE = Org(
    "Tulane University",
    "杜兰大学",
    US,
    UNIVERSITY,
    "US-LA",
    "New Orleans",
    "https://tulane.edu",
    "Private research university in New Orleans, Louisiana.",
)
ECNU = Org(
    "East China Normal University",
    "华东师范大学",
    CN,
    UNIVERSITY,
    "CN-SH",
    "Shanghai",
    "https://www.ecnu.edu.cn",
    "Public research university in Shanghai.",
)
GREENSBURG = Org(
    "City of Greensburg",
    "格林斯堡市",
    US,
    CITY,
    "US-KS",
    "Greensburg",
    "",
    "Kansas town rebuilt to sustainable standards after the tornado of May 2007.",
)
MIANZHU = Org(
    "City of Mianzhu",
    "绵竹市",
    CN,
    CITY,
    "CN-SC",
    "Mianzhu",
    "",
    "County-level city in Sichuan Province, heavily damaged in the May 2008 earthquake.",
)
PORT_OF_SEATTLE = Org(
    "Port of Seattle",
    "西雅图港",
    US,
    COUNTY,
    "US-WA",
    "Seattle",
    "https://www.portseattle.org",
    "Public port district of King County, Washington.",
)
DALIAN_PORT = Org(
    "Dalian Port Corporation",
    "大连港集团有限公司",
    CN,
    ENTERPRISE,
    "CN-LN",
    "Dalian",
    "",
    "Operator of the Port of Dalian, Liaoning Province.",
)
CASE_WESTERN = Org(
    "Case Western Reserve University",
    "凯斯西储大学",
    US,
    UNIVERSITY,
    "US-OH",
    "Cleveland",
    "https://case.edu",
    "Private research university in Cleveland, Ohio.",
)
CNOOC_NEW_ENERGY = Org(
    "CNOOC New Energy Investment Co., Ltd.",
    "中海油新能源投资有限责任公司",
    CN,
    ENTERPRISE,
    "CN-BJ",
    "Beijing",
    "",
    "New-energy subsidiary of China National Offshore Oil Corporation.",
)
DUKE_ENERGY = Org(
    "Duke Energy",
    "杜克能源公司",
    US,
    ENTERPRISE,
    "US-NC",
    "Charlotte",
    "https://www.duke-energy.com",
    "Electric utility headquartered in Charlotte, North Carolina.",
)
CHARLOTTE = Org(
    "City of Charlotte",
    "夏洛特市",
    US,
    CITY,
    "US-NC",
    "Charlotte",
    "https://www.charlottenc.gov",
    "Municipal government of Charlotte, North Carolina.",
)
ENN = Org(
    "ENN Group",
    "新奥集团",
    CN,
    ENTERPRISE,
    "CN-HE",
    "Langfang",
    "",
    "Private clean-energy group headquartered in Langfang, Hebei Province.",
)
LANGFANG = Org(
    "City of Langfang",
    "廊坊市",
    CN,
    CITY,
    "CN-HE",
    "Langfang",
    "",
    "Prefecture-level city in Hebei Province, between Beijing and Tianjin.",
)
UTAH = Org(
    "State of Utah",
    "犹他州",
    US,
    STATE,
    "US-UT",
    "Salt Lake City",
    "https://www.utah.gov",
    "State government of Utah.",
)
QINGHAI = Org(
    "Qinghai Province",
    "青海省",
    CN,
    STATE,
    "CN-QH",
    "Xining",
    "",
    "Provincial government of Qinghai, on the Qinghai–Tibet Plateau.",
)
CLIMATE_STRATEGIES = Org(
    "Center for Climate Strategies",
    "气候战略中心",
    US,
    NGO,
    "US-DC",
    "Washington",
    "",
    "Nonprofit that supports climate and energy policy planning by governments.",
)
GEI = Org(
    "Global Environmental Institute",
    "全球环境研究所",
    CN,
    NGO,
    "CN-BJ",
    "Beijing",
    "",
    "Environmental nonprofit based in Beijing.",
)
US_BCSD = Org(
    "U.S. Business Council for Sustainable Development",
    "美国可持续发展工商理事会",
    US,
    ASSOCIATION,
    "US-TX",
    "Austin",
    "https://usbcsd.org",
    "Business association; developer of by-product synergy and the Materials Marketplace.",
)
CBCSD = Org(
    "China Business Council for Sustainable Development",
    "中国可持续发展工商理事会",
    CN,
    ASSOCIATION,
    "CN-BJ",
    "Beijing",
    "http://www.cbcsd.org.cn",
    "Business association based in Beijing.",
)
PURDUE = Org(
    "Purdue University",
    "普渡大学",
    US,
    UNIVERSITY,
    "US-IN",
    "West Lafayette",
    "https://www.purdue.edu",
    "Public research university in West Lafayette, Indiana.",
)
TENNESSEE = Org(
    "University of Tennessee, Knoxville",
    "田纳西大学诺克斯维尔分校",
    US,
    UNIVERSITY,
    "US-TN",
    "Knoxville",
    "https://www.utk.edu",
    "Public research university in Knoxville, Tennessee.",
)
CAS_IGSNRR = Org(
    "Institute of Geographic Sciences and Natural Resources Research, CAS",
    "中国科学院地理科学与资源研究所",
    CN,
    UNIVERSITY,
    "CN-BJ",
    "Beijing",
    "",
    "Research institute of the Chinese Academy of Sciences.",
)
CAS_RCEES = Org(
    "Research Center for Eco-Environmental Sciences, CAS",
    "中国科学院生态环境研究中心",
    CN,
    UNIVERSITY,
    "CN-BJ",
    "Beijing",
    "",
    "Research institute of the Chinese Academy of Sciences.",
)
CAS_IAE = Org(
    "Institute of Applied Ecology, CAS",
    "中国科学院沈阳应用生态研究所",
    CN,
    UNIVERSITY,
    "CN-LN",
    "Shenyang",
    "",
    "Research institute of the Chinese Academy of Sciences.",
)
COLUMBUS = Org(
    "City of Columbus",
    "哥伦布市",
    US,
    CITY,
    "US-OH",
    "Columbus",
    "https://www.columbus.gov",
    "Municipal government of Columbus, Ohio; sister city of Hefei.",
)
OHIO_STATE = Org(
    "The Ohio State University",
    "俄亥俄州立大学",
    US,
    UNIVERSITY,
    "US-OH",
    "Columbus",
    "https://www.osu.edu",
    "Public research university in Columbus, Ohio.",
)
HEFEI = Org(
    "City of Hefei",
    "合肥市",
    CN,
    CITY,
    "CN-AH",
    "Hefei",
    "",
    "Capital of Anhui Province; sister city of Columbus.",
)
HEFEI_TECH = Org(
    "Hefei University of Technology",
    "合肥工业大学",
    CN,
    UNIVERSITY,
    "CN-AH",
    "Hefei",
    "https://www.hfut.edu.cn",
    "Public university in Hefei, Anhui Province.",
)
NATURE_CONSERVANCY = Org(
    "The Nature Conservancy",
    "大自然保护协会",
    US,
    NGO,
    "US-VA",
    "Arlington",
    "https://www.nature.org",
    "Conservation nonprofit; home of the Great Rivers Partnership.",
)
YANGTZE_FISHERY = Org(
    "Yangtze River Fishery Administration, Ministry of Agriculture",
    "农业部长江流域渔政监督管理办公室",
    CN,
    STATE,
    "CN-SH",
    "Shanghai",
    "",
    "Basin-level agency responsible for fisheries management on the Yangtze.",
)
NRDC = Org(
    "Natural Resources Defense Council",
    "自然资源保护协会",
    US,
    NGO,
    "US-NY",
    "New York",
    "https://www.nrdc.org",
    "Environmental nonprofit with a long-running China program.",
)
BEEC = Org(
    "Beijing Energy Conservation & Environmental Protection Center",
    "北京节能环保中心",
    CN,
    CITY,
    "CN-BJ",
    "Beijing",
    "",
    "Public agency of the Beijing municipal government.",
)
NYIT = Org(
    "New York Institute of Technology",
    "纽约理工学院",
    US,
    UNIVERSITY,
    "US-NY",
    "Old Westbury",
    "https://www.nyit.edu",
    "Private university on Long Island and in New York City.",
)
PEKING_UNIVERSITY = Org(
    "Peking University",
    "北京大学",
    CN,
    UNIVERSITY,
    "CN-BJ",
    "Beijing",
    "https://www.pku.edu.cn",
    "Public research university in Beijing.",
)
STONY_BROOK = Org(
    "Stony Brook University",
    "纽约州立大学石溪分校",
    US,
    UNIVERSITY,
    "US-NY",
    "Stony Brook",
    "https://www.stonybrook.edu",
    "Public research university of the State University of New York.",
)
TONGJI = Org(
    "Tongji University",
    "同济大学",
    CN,
    UNIVERSITY,
    "CN-SH",
    "Shanghai",
    "https://www.tongji.edu.cn",
    "Public research university in Shanghai.",
)
RAVEN_RIDGE = Org(
    "Raven Ridge Resources, Incorporated",
    "雷文里奇资源公司",
    US,
    ENTERPRISE,
    "US-CO",
    "Grand Junction",
    "",
    "Energy and environmental consultancy specialized in coal mine methane.",
)
GUIZHOU_ICCEP = Org(
    "Guizhou International Cooperation Center for Environmental Protection",
    "贵州省环境保护国际合作中心",
    CN,
    STATE,
    "CN-GZ",
    "Guiyang",
    "",
    "Agency of the Guizhou provincial environmental protection authority.",
)
BOEING = Org(
    "The Boeing Company",
    "波音公司",
    US,
    ENTERPRISE,
    "US-IL",
    "Chicago",
    "https://www.boeing.com",
    "Aerospace company.",
)
COMAC = Org(
    "Commercial Aircraft Corporation of China",
    "中国商用飞机有限责任公司",
    CN,
    ENTERPRISE,
    "CN-SH",
    "Shanghai",
    "",
    "Commercial aircraft manufacturer headquartered in Shanghai.",
)
COLUMBIA = Org(
    "Columbia University",
    "哥伦比亚大学",
    US,
    UNIVERSITY,
    "US-NY",
    "New York",
    "https://www.columbia.edu",
    "Private research university in New York City.",
)
BAOTOU_STEEL = Org(
    "Baotou Iron and Steel (Group) Co., Ltd.",
    "包头钢铁（集团）有限责任公司",
    CN,
    ENTERPRISE,
    "CN-NM",
    "Baotou",
    "",
    "Iron and steel group in Baotou, Inner Mongolia.",
)
SEA_TURTLES_911 = Org(
    "Sea Turtles 911",
    "海龟911",
    US,
    NGO,
    "US-HI",
    "",
    "",
    "Nonprofit working to protect sea turtles in the Asia-Pacific region.",
)
HAINAN_NORMAL = Org(
    "Hainan Normal University",
    "海南师范大学",
    CN,
    UNIVERSITY,
    "CN-HI",
    "Haikou",
    "",
    "Public university in Haikou, Hainan Province.",
)
CATERPILLAR = Org(
    "Caterpillar Inc.",
    "卡特彼勒公司",
    US,
    ENTERPRISE,
    "US-IL",
    "Peoria",
    "https://www.caterpillar.com",
    "Manufacturer of construction and mining equipment and engines.",
)
LINGANG = Org(
    "Shanghai Lingang Economic Development (Group) Co., Ltd.",
    "上海临港经济发展（集团）有限公司",
    CN,
    ENTERPRISE,
    "CN-SH",
    "Shanghai",
    "",
    "Developer of the Lingang industrial area in Shanghai.",
)
MINERALS_TECH = Org(
    "Minerals Technologies Inc.",
    "美国矿物技术公司",
    US,
    ENTERPRISE,
    "US-NY",
    "New York",
    "https://www.mineralstech.com",
    "Specialty minerals company serving the paper industry.",
)
SUN_PAPER = Org(
    "Shandong Sun Paper Industry Joint Stock Co., Ltd.",
    "山东太阳纸业股份有限公司",
    CN,
    ENTERPRISE,
    "CN-SD",
    "Jining",
    "",
    "Paper manufacturer in Shandong Province.",
)
USGS_WARC = Org(
    "U.S. Geological Survey Wetland and Aquatic Research Center",
    "美国地质调查局湿地与水生研究中心",
    US,
    UNIVERSITY,
    "US-LA",
    "Lafayette",
    "https://www.usgs.gov",
    "Federal research center studying wetland and aquatic ecosystems.",
)
BEIJING_FORESTRY = Org(
    "Beijing Forestry University",
    "北京林业大学",
    CN,
    UNIVERSITY,
    "CN-BJ",
    "Beijing",
    "https://www.bjfu.edu.cn",
    "Public university specialized in forestry and ecology.",
)
UNIENERGY = Org(
    "UniEnergy Technologies, LLC",
    "尤尼能源技术公司",
    US,
    ENTERPRISE,
    "US-WA",
    "Mukilteo",
    "",
    "Developer of vanadium flow battery energy storage systems.",
)
RONGKE_POWER = Org(
    "Dalian Rongke Power Co., Ltd.",
    "大连融科储能技术发展有限公司",
    CN,
    ENTERPRISE,
    "CN-LN",
    "Dalian",
    "",
    "Manufacturer of flow battery energy storage systems.",
)
CAPSTONE = Org(
    "Capstone Turbine Corporation",
    "凯普斯通涡轮公司",
    US,
    ENTERPRISE,
    "US-CA",
    "",
    "",
    "Manufacturer of microturbine energy systems.",
)
BROAD = Org(
    "BROAD Group",
    "远大科技集团",
    CN,
    ENTERPRISE,
    "CN-HN",
    "Changsha",
    "",
    "Maker of non-electric absorption chillers and building systems, in Changsha, Hunan.",
)
SHENZHEN_POWER = Org(
    "Shenzhen Power Supply Bureau Co., Ltd.",
    "深圳供电局有限公司",
    CN,
    ENTERPRISE,
    "CN-GD",
    "Shenzhen",
    "",
    "Electricity distribution company of Shenzhen, part of China Southern Power Grid.",
)
LSU = Org(
    "Louisiana State University",
    "路易斯安那州立大学",
    US,
    UNIVERSITY,
    "US-LA",
    "Baton Rouge",
    "https://www.lsu.edu",
    "Public research university in Baton Rouge, Louisiana.",
)
CAS_NEIGAE = Org(
    "Northeast Institute of Geography and Agroecology, CAS",
    "中国科学院东北地理与农业生态研究所",
    CN,
    UNIVERSITY,
    "CN-JL",
    "Changchun",
    "",
    "Research institute of the Chinese Academy of Sciences.",
)

# ---------------------------------------------------------------------------------------------
# Part 1: the partnerships
# ---------------------------------------------------------------------------------------------

HISTORICAL_PARTNERSHIPS: tuple[HistoricalPartnership, ...] = (
    # 2008 — the first seven, signed at the fifth Strategic Economic Dialogue in Beijing.
    # (The seventh, Floating Windfarms Corporation – Tangshan Caofeidian New Area, is left out:
    # the U.S. company's state is not on record.)
    HistoricalPartnership(
        "wichita-wuxi",
        2008,
        "Wichita – Wuxi",
        "威奇托—无锡",
        (WICHITA,),
        (WUXI,),
        (AIR, WATER),
        "Share municipal and industrial best practices for clean air and clean water.",
        "分享城市和工业层面清洁大气与清洁水的最佳实践。",
        "The two cities exchange best practices on clean air and clean water at municipal and "
        "industrial level and select demonstration projects, including work relevant to the "
        "treatment of Taihu Lake, that can serve as models for other cities.",
        "两市在城市和工业层面交流清洁大气与清洁水的最佳实践，并选择可供其他城市借鉴的示范项目，"
        "其中包括与太湖治理相关的工作。",
    ),
    HistoricalPartnership(
        "energy-future-huadian",
        2008,
        "Energy Future Holdings – China Huadian",
        "能源未来控股—中国华电",
        (ENERGY_FUTURE,),
        (HUADIAN,),
        (ELECTRICITY,),
        "Cooperate on cleaner and more efficient electric power generation.",
        "在更清洁、更高效的发电领域开展合作。",
        "One of the seven EcoPartnerships signed in December 2008: a U.S. utility holding company "
        "and a Chinese power generation group cooperating on clean and efficient electricity.",
        "2008年12月签署的首批七对绿色合作伙伴之一：美国电力控股公司与中国发电集团在清洁高效电力领域开展合作。",
    ),
    HistoricalPartnership(
        "denver-ford-chongqing-changan",
        2008,
        "Denver / Ford – Chongqing / Changan",
        "丹佛/福特—重庆/长安",
        (DENVER, FORD),
        (CHONGQING, CHANGAN),
        (TRANSPORT, AIR),
        "Advance electric and plug-in hybrid vehicles in both cities.",
        "推动电动汽车和插电式混合动力汽车在两市的发展与应用。",
        "Two cities and two automakers cooperate on the development and urban deployment of "
        "electric and hybrid vehicles, including the conditions cities need to support them.",
        "两座城市与两家汽车企业合作，推动电动和混合动力汽车的研发与城市应用，包括城市为此需具备的配套条件。",
    ),
    HistoricalPartnership(
        "tulane-ecnu",
        2008,
        "Tulane – East China Normal University",
        "杜兰大学—华东师范大学",
        (TULANE,),
        (ECNU,),
        (WETLANDS, WATER),
        "Develop a model for the sustainability of coastal cities and their wetlands.",
        "为沿海城市及其湿地的可持续发展探索模式。",
        "The two universities work together on the restoration, conservation and enhancement of "
        "environmentally sensitive coastal wetlands around New Orleans and Shanghai.",
        "两校合作开展新奥尔良和上海周边环境敏感沿海湿地的恢复、保护与改善研究。",
    ),
    HistoricalPartnership(
        "greensburg-mianzhu",
        2008,
        "Greensburg – Mianzhu",
        "格林斯堡—绵竹",
        (GREENSBURG,),
        (MIANZHU,),
        (COMMUNITIES, EFFICIENCY),
        "Demonstrate eco-friendly rebuilding of communities after natural disasters.",
        "示范灾后社区的生态友好型重建。",
        "Greensburg, rebuilt after the 2007 tornado, and Mianzhu, struck by the 2008 Sichuan "
        "earthquake, share approaches to sustainable reconstruction and rural economic revival.",
        "2007年龙卷风后重建的格林斯堡与2008年四川地震重灾区绵竹交流可持续重建与农村经济振兴的做法。",
    ),
    HistoricalPartnership(
        "seattle-dalian-ports",
        2008,
        "Port of Seattle – Port of Dalian",
        "西雅图港—大连港",
        (PORT_OF_SEATTLE,),
        (DALIAN_PORT,),
        (TRANSPORT, AIR),
        "Cooperate on building green container ports.",
        "合作建设绿色集装箱港口。",
        "Two major container ports exchange practices for reducing the environmental footprint "
        "of port operations.",
        "两大集装箱港口交流减少港口运营环境影响的做法。",
    ),
    # 2011 — two admitted in January 2011, all six signed on 10 May 2011 in Washington.
    HistoricalPartnership(
        "case-western-cnooc",
        2011,
        "Case Western Reserve University – CNOOC New Energy",
        "凯斯西储大学—中海油新能源",
        (CASE_WESTERN,),
        (CNOOC_NEW_ENERGY,),
        (EFFICIENCY, ELECTRICITY),
        "Research new energy-efficiency techniques and ways to lower greenhouse gas emissions.",
        "研究新的能效技术和降低温室气体排放的方法。",
        "A university and an energy company combine research strengths to develop new energy "
        "efficiency techniques and lower-emission technologies.",
        "大学与能源企业发挥各自研究优势，开发新的能效技术和低排放技术。",
    ),
    HistoricalPartnership(
        "charlotte-duke-langfang-enn",
        2011,
        "Duke Energy / Charlotte – ENN / Langfang",
        "杜克能源/夏洛特—新奥/廊坊",
        (DUKE_ENERGY, CHARLOTTE),
        (ENN, LANGFANG),
        (ELECTRICITY, EFFICIENCY, COMMUNITIES),
        "Pair two cities and two energy companies to pilot clean energy and efficient buildings.",
        "两座城市与两家能源企业结对，试点清洁能源与高效建筑。",
        "A three-tiered partnership to exchange policy practices such as renewable portfolio "
        "standards, carry out joint demonstrations such as residential building efficiency, and "
        "trial clean energy technologies such as smart meters, solar generation and storage.",
        "三个层面的合作：交流可再生能源配额等政策经验，开展住宅建筑能效等联合示范，并试验智能电表、"
        "太阳能发电和储能等清洁能源技术。",
    ),
    HistoricalPartnership(
        "utah-qinghai",
        2011,
        "Utah – Qinghai",
        "犹他州—青海省",
        (UTAH,),
        (QINGHAI,),
        (ELECTRICITY, EFFICIENCY),
        "Build a platform for joint innovation in green technology between the two regions.",
        "搭建两地绿色技术联合创新平台。",
        "Also called the Utah–Qinghai Industrial Technology Alliance: businesses, research "
        "institutes and governments of the two regions exchange technology and expertise for "
        "more efficient use of conventional fuels and a transition to renewable energy.",
        "又称“犹他—青海产业技术联盟”：两地企业、科研机构和政府交流技术与经验，推动传统能源的高效利用"
        "和向可再生能源的转型。",
    ),
    HistoricalPartnership(
        "ccs-gei",
        2011,
        "Center for Climate Strategies – Global Environmental Institute",
        "气候战略中心—全球环境研究所",
        (CLIMATE_STRATEGIES,),
        (GEI,),
        (COMMUNITIES, EFFICIENCY),
        "Support climate and clean energy policy planning at the subnational level.",
        "支持地方层面的气候与清洁能源政策规划。",
        "Two nonprofits cooperate on methods for planning climate, energy and low-carbon "
        "development policies.",
        "两家非营利机构合作探索气候、能源和低碳发展政策规划方法。",
    ),
    HistoricalPartnership(
        "usbcsd-cbcsd",
        2011,
        "U.S. BCSD – CBCSD",
        "美国可持续发展工商理事会—中国可持续发展工商理事会",
        (US_BCSD,),
        (CBCSD,),
        (GREEN_GROWTH, EFFICIENCY),
        "Apply by-product synergy so that one company's waste becomes another's raw material.",
        "推广副产品协同利用，使一家企业的废弃物成为另一家企业的原料。",
        "The two business councils brought by-product synergy to Chinese industrial parks, "
        "including a pilot in Qinhuangdao, Hebei Province, where the second-generation "
        "Materials Marketplace was developed.",
        "两家工商理事会将副产品协同利用模式引入中国工业园区，包括在河北省秦皇岛市开展的试点，"
        "第二代“材料交易平台”即在此期间开发。",
    ),
    HistoricalPartnership(
        "purdue-cas",
        2011,
        "Purdue / University of Tennessee – Chinese Academy of Sciences",
        "普渡大学/田纳西大学—中国科学院",
        (PURDUE, TENNESSEE),
        (CAS_IGSNRR, CAS_RCEES, CAS_IAE),
        (WETLANDS, GREEN_GROWTH),
        "Assess the degradation of terrestrial natural resources due to land use and growth.",
        "评估土地利用变化和人口增长造成的陆地自然资源退化。",
        "The U.S.–China EcoPartnership for Environmental Sustainability (USCEES) fosters joint "
        "research, exchanges and technology transfer on ecosystems, climate change and the "
        "sustainable use of natural resources.",
        "中美环境可持续发展绿色合作伙伴（USCEES）促进生态系统、气候变化和自然资源可持续利用领域的联合研究、"
        "交流与技术转移。",
    ),
    # 2012 — two admitted in February 2012, all five signed on 3 May 2012 in Beijing.
    # (The other three of the cohort are left out: their partners could not be confirmed.)
    HistoricalPartnership(
        "columbus-hefei",
        2012,
        "Columbus / Ohio State – Hefei / Hefei University of Technology",
        "哥伦布/俄亥俄州立大学—合肥/合肥工业大学",
        (COLUMBUS, OHIO_STATE),
        (HEFEI, HEFEI_TECH),
        (TRANSPORT, EFFICIENCY, WATER),
        "Develop and apply electric vehicle technologies in two sister cities.",
        "在两座友好城市开发和应用电动汽车技术。",
        "The sister cities and their flagship universities work on electric vehicles and on "
        "other shared issues such as lake and wetland conservation, waste and sewage treatment, "
        "energy conservation in buildings and urban planning.",
        "两座友好城市及其主要大学合作开展电动汽车研究，并关注湖泊和湿地保护、垃圾与污水处理、"
        "建筑节能和城市规划等共同议题。",
    ),
    HistoricalPartnership(
        "tnc-yangtze-fishery",
        2012,
        "The Nature Conservancy – Yangtze River Fishery Administration",
        "大自然保护协会—农业部长江流域渔政监督管理办公室",
        (NATURE_CONSERVANCY,),
        (YANGTZE_FISHERY,),
        (WATER, WETLANDS),
        "Advance river basin management and the conservation of great rivers.",
        "推进流域管理和大江大河保护。",
        "Linking experts on the Mississippi and the Yangtze to exchange ideas on river basin "
        "management, ecosystem restoration and sustainable agriculture.",
        "连接密西西比河与长江的专家，交流流域管理、生态系统恢复和可持续农业方面的经验。",
    ),
    # 2013 — six signed on 11 July 2013 in Washington. (The Coca-Cola – Yangtze River Delta
    # Circular Economy Institute of Technology partnership and one more are left out: the
    # Chinese partners' official names and locations could not be confirmed.)
    HistoricalPartnership(
        "nrdc-beec",
        2013,
        "NRDC – Beijing Energy Conservation & Environmental Protection Center",
        "自然资源保护协会—北京节能环保中心",
        (NRDC,),
        (BEEC,),
        (EFFICIENCY,),
        "Expand large-scale energy efficiency programs in China.",
        "扩大中国大规模能效项目的实施。",
        "Building on China's demand-side management rules, the partners work on programs that "
        "scale up energy savings in industry and buildings.",
        "在中国电力需求侧管理办法的基础上，双方合作推动在工业和建筑领域扩大节能规模的项目。",
    ),
    HistoricalPartnership(
        "nyit-pku",
        2013,
        "New York Institute of Technology – Peking University",
        "纽约理工学院—北京大学",
        (NYIT,),
        (PEKING_UNIVERSITY,),
        (WATER,),
        "Protect groundwater resources.",
        "保护地下水资源。",
        "The two universities cooperate on the protection of groundwater and on the links "
        "between water, energy and sustainable cities.",
        "两校合作开展地下水保护以及水、能源与可持续城市之间关系的研究。",
    ),
    HistoricalPartnership(
        "stony-brook-tongji",
        2013,
        "Stony Brook University – Tongji University",
        "纽约州立大学石溪分校—同济大学",
        (STONY_BROOK,),
        (TONGJI,),
        (AIR, TRANSPORT),
        "Test landfill-gas-to-liquids technologies.",
        "测试填埋气制液体燃料技术。",
        "The universities test a suite of technologies that turn landfill gas into liquid fuels, "
        "reducing methane emissions from landfills.",
        "两校测试一系列将垃圾填埋气转化为液体燃料的技术，以减少垃圾填埋场的甲烷排放。",
    ),
    HistoricalPartnership(
        "raven-ridge-guizhou",
        2013,
        "Raven Ridge Resources – Guizhou International Cooperation Center for Environmental "
        "Protection",
        "雷文里奇资源公司—贵州省环境保护国际合作中心",
        (RAVEN_RIDGE,),
        (GUIZHOU_ICCEP,),
        (AIR, ELECTRICITY),
        "Drain and use coal mine methane in Guizhou.",
        "在贵州抽采和利用煤矿瓦斯。",
        "Starting at a coal mine in Guizhou Province, the partners work on improved methane "
        "drainage and its commercial use, for safer mines, lower methane emissions and cleaner "
        "fuel for power generation.",
        "双方以贵州省一座煤矿为起点，改进瓦斯抽采及其商业化利用，以提高煤矿安全、减少甲烷排放并为发电"
        "提供更清洁的燃料。",
    ),
    # 2014 — six selected and signed on 10 July 2014 in Beijing; their partners could not be
    # confirmed from the sources at hand, so none is listed.
    # 2015 — six announced on 23 June 2015 in Washington. (University of Kentucky – Jiangsu
    # Wisdom Engineering and Technology, Ramboll Environ / IMACC – Suzhou environmental
    # protection industrial park, and Wilson Solarpower – Shenzhen Enesoon are left out: an
    # official Chinese name or a U.S. state could not be confirmed.)
    HistoricalPartnership(
        "boeing-comac",
        2015,
        "Boeing – COMAC",
        "波音—中国商飞",
        (BOEING,),
        (COMAC,),
        (TRANSPORT,),
        "Demonstrate aviation fuel made from waste oil and lower-emission operations.",
        "示范以废弃油脂制取的航空燃料和更低排放的运营方式。",
        "The two aircraft makers work together to demonstrate how to fuel aircraft with waste "
        "oil and to enhance operating practices that reduce greenhouse gas emissions.",
        "两家飞机制造商合作示范以废弃油脂为飞机提供燃料，并改进运营做法以减少温室气体排放。",
    ),
    HistoricalPartnership(
        "columbia-baotou-steel",
        2015,
        "Columbia University – Baotou Steel",
        "哥伦比亚大学—包钢",
        (COLUMBIA,),
        (BAOTOU_STEEL,),
        (GREEN_GROWTH, AIR),
        "Capture and recycle iron and steel slag.",
        "回收利用钢铁渣。",
        "The partners capture iron and steel slag waste and recycle it for use in other "
        "industrial processes, preventing harmful emissions.",
        "双方回收钢铁渣废弃物并将其用于其他工业流程，防止有害排放。",
    ),
    HistoricalPartnership(
        "sea-turtles-911-hainan-normal",
        2015,
        "Sea Turtles 911 – Hainan Normal University",
        "海龟911—海南师范大学",
        (SEA_TURTLES_911,),
        (HAINAN_NORMAL,),
        (WETLANDS,),
        "Save sea turtles from extinction in the Asia-Pacific region.",
        "拯救亚太地区濒危海龟。",
        "The partners track sea turtle migration, help restore habitats and foster community "
        "involvement in sea turtle protection in the South China Sea.",
        "双方追踪海龟迁徙、协助恢复栖息地，并推动社区参与南海海龟保护。",
    ),
    # 2016 — six signed on 6 June 2016 in Beijing. (Chemical and Metal Technologies – CPI
    # Yuanda and University of Southern California – Bay Environmental Technology are left out:
    # a U.S. state or an official Chinese name could not be confirmed.)
    HistoricalPartnership(
        "caterpillar-lingang",
        2016,
        "Caterpillar – Shanghai Lingang",
        "卡特彼勒—上海临港",
        (CATERPILLAR,),
        (LINGANG,),
        (GREEN_GROWTH, EFFICIENCY),
        "Create a smart remanufacturing demonstration center.",
        "建设智能再制造示范中心。",
        "The center is to analyze the energy savings of remanufacturing and promote the use of "
        "remanufactured parts, which can save much of the energy and material of new ones.",
        "该中心用于分析再制造的节能效果并推广再制造零部件，与新件相比可大幅节约能源和材料。",
    ),
    HistoricalPartnership(
        "minerals-technologies-sun-paper",
        2016,
        "Minerals Technologies – Sun Paper",
        "美国矿物技术公司—太阳纸业",
        (MINERALS_TECH,),
        (SUN_PAPER,),
        (GREEN_GROWTH, WATER),
        "Repurpose the lime mud left over from papermaking.",
        "对造纸过程中产生的白泥进行再利用。",
        "The partners aim to reduce soil and groundwater pollution by repurposing all of the "
        "lime mud produced in the papermaking process.",
        "双方计划对造纸过程中产生的白泥进行全部再利用，以减少土壤和地下水污染。",
    ),
    HistoricalPartnership(
        "usgs-bjfu",
        2016,
        "USGS Wetland and Aquatic Research Center – Beijing Forestry University",
        "美国地质调查局湿地与水生研究中心—北京林业大学",
        (USGS_WARC,),
        (BEIJING_FORESTRY,),
        (WETLANDS,),
        "Use scientific data to aid wetland restoration along the Yangtze.",
        "利用科学数据助力长江湿地恢复。",
        "The partners use scientific data to guide wetland restoration on the Yangtze and to "
        "understand ecological processes under climate and land-use change.",
        "双方利用科学数据指导长江湿地恢复，并研究气候与土地利用变化下的生态过程。",
    ),
    HistoricalPartnership(
        "unienergy-rongke-power",
        2016,
        "UniEnergy Technologies – Rongke Power",
        "尤尼能源技术公司—融科储能",
        (UNIENERGY,),
        (RONGKE_POWER,),
        (ELECTRICITY,),
        "Advance large-scale flow battery energy storage.",
        "推进大规模液流电池储能。",
        "Two developers of vanadium flow batteries cooperate on grid-scale energy storage that "
        "helps integrate renewable power.",
        "两家全钒液流电池企业合作发展电网级储能，助力可再生能源并网。",
    ),
    # 2017 — three new EcoPartnerships announced by the Department of State.
    HistoricalPartnership(
        "capstone-broad",
        2017,
        "Capstone Turbine – BROAD Group",
        "凯普斯通—远大科技集团",
        (CAPSTONE,),
        (BROAD,),
        (EFFICIENCY,),
        "Develop combined cooling, heating and power systems for buildings.",
        "开发建筑冷热电三联供系统。",
        "The partners develop combined cooling-heating-power (CCHP) systems to improve energy "
        "efficiency in buildings.",
        "双方开发冷热电三联供系统，以提高建筑能效。",
    ),
    HistoricalPartnership(
        "nrdc-shenzhen-power",
        2017,
        "NRDC – Shenzhen Power Supply Bureau",
        "自然资源保护协会—深圳供电局",
        (NRDC,),
        (SHENZHEN_POWER,),
        (ELECTRICITY, EFFICIENCY),
        "Establish market mechanisms for demand response and renewable integration.",
        "建立需求响应和可再生能源并网的市场机制。",
        "The partners focus on market mechanisms for energy demand response, the integration of "
        "renewable energy into power grids, and good practice in electricity pricing and grid "
        "planning policy.",
        "双方聚焦电力需求响应市场机制、可再生能源并网，以及电价设计和电网规划政策的最佳实践。",
    ),
    HistoricalPartnership(
        "lsu-cas",
        2017,
        "Louisiana State University – Chinese Academy of Sciences",
        "路易斯安那州立大学—中国科学院",
        (LSU,),
        (CAS_NEIGAE,),
        (WETLANDS, WATER),
        "Conserve and manage wetlands through joint data collection and analysis.",
        "通过联合数据采集与分析保护和管理湿地。",
        "The partners study the decline of wetlands and the loss of their functions in Northeast "
        "China and the United States, building research capacity in both countries.",
        "双方研究中国东北和美国湿地面积减少与生态功能丧失问题，提升两国的研究能力。",
    ),
)


# ---------------------------------------------------------------------------------------------
# Part 2: the illustrative current cycle (fictional)
# ---------------------------------------------------------------------------------------------

DEMO_PASSWORD = "ecopartners-demo-2026"
DEMO_DOMAIN = "demo.ecopartnerships.org"


@dataclass(frozen=True)
class Person:
    """A demo account. Reviewers and chairs have a side; nobody else does."""

    email: str
    display_name: str
    roles: tuple[str, ...]  # Role values
    side: str | None = None  # Side values
    language: str = "en"
    time_zone: str = "America/New_York"


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


_ZH = {"language": "zh_Hans", "time_zone": "Asia/Shanghai"}

PEOPLE: tuple[Person, ...] = (
    Person(_email("admin"), "Portal Administrator (demo)", ("admin",)),
    Person(_email("chair.us"), "Jordan Ellery (demo U.S. co-chair)", ("chair",), "US"),
    Person(_email("chair.cn"), "林清远（演示·中方联合主席）", ("chair",), "CN", **_ZH),
    Person(_email("reviewer.us"), "Morgan Hale (demo reviewer)", ("reviewer",), "US"),
    Person(_email("reviewer.us2"), "Riley Okafor (demo reviewer)", ("reviewer",), "US"),
    Person(_email("reviewer.us3"), "Casey Lindqvist (demo reviewer)", ("reviewer",), "US"),
    Person(_email("reviewer.cn"), "周明澈（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(_email("reviewer.cn2"), "许若兰（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(_email("reviewer.cn3"), "韩屿（演示评审专家）", ("reviewer",), "CN", **_ZH),
    Person(_email("applicant.us"), "Taylor Brandt (demo applicant)", ("applicant",)),
    Person(_email("applicant.cn"), "陈语桐（演示申请人）", ("applicant",), **_ZH),
    Person(_email("partner.us"), "Sam Whitcombe (demo partner)", ("applicant",)),
    Person(_email("partner.cn"), "王书瑶（演示合作方）", ("applicant",), **_ZH),
)


def _demo(name_en: str, name_zh: str) -> tuple[str, str]:
    return f"{name_en} (Demo)", f"{name_zh}（演示）"


def _org(en: str, zh: str, country: Country, kind: OrganizationType, sub: str, city: str) -> Org:
    name_en, name_zh = _demo(en, zh)
    return Org(
        name_en,
        name_zh,
        country,
        kind,
        sub,
        city,
        "",
        "Fictional organization, part of the portal's demonstration data.",
    )


# Organizations of the three active 2025 partnerships.
TIDEWATER = _org(
    "Tidewater Marsh Research Consortium",
    "潮汐沼泽研究联合体",
    US,
    UNIVERSITY,
    "US-MD",
    "Annapolis",
)
CHENGHU = _org(
    "Chenghu Wetland Ecology Institute", "澄湖湿地生态研究院", CN, UNIVERSITY, "CN-JS", "Suzhou"
)
PRAIRIE_LANTERN = _org(
    "Prairie Lantern Energy Cooperative", "草原灯塔能源合作社", US, ENTERPRISE, "US-IA", "Ames"
)
BEIYUAN = _org(
    "Beiyuan Wind & Storage Energy Co.", "北原风储能源有限公司", CN, ENTERPRISE, "CN-NM", "Hohhot"
)
BAYFRONT = _org("Bayfront Transit District", "湾畔公共交通区", US, COUNTY, "US-CA", "Oakland")
QINGMIAO = _org(
    "Qingmiao Electric Bus Group", "青苗电动公交集团", CN, ENTERPRISE, "CN-FJ", "Fuzhou"
)
# Declined in 2025.
SUMMIT_TRAIL = _org(
    "Summit Trail Composting Network", "山径堆肥网络", US, NGO, "US-VT", "Burlington"
)
MOUNTAIN_BROOK = _org(
    "Mountain Brook Compost Cooperative", "山溪堆肥合作社", CN, NGO, "CN-ZJ", "Huzhou"
)
# Applicants to the open 2026/27 solicitation.
CEDAR_LANTERN = _org(
    "Cedar Lantern Microgrid Cooperative", "雪松灯笼微电网合作社", US, ENTERPRISE, "US-MN", "Duluth"
)
YUNSHAN = _org(
    "Yunshan Low-Carbon Community Center", "云杉低碳社区发展中心", CN, NGO, "CN-YN", "Kunming"
)
RED_MESA = _org(
    "Red Mesa Solar Institute", "红台地太阳能研究所", US, UNIVERSITY, "US-NM", "Albuquerque"
)
GOBI_THERMAL = _org(
    "Gobi Solar Thermal Research Center", "戈壁光热研究中心", CN, UNIVERSITY, "CN-GS", "Lanzhou"
)
RIVERSIDE_CLEARWATER = _org(
    "Riverside Clearwater Technologies Co.",
    "江畔清水科技有限公司",
    CN,
    ENTERPRISE,
    "CN-HB",
    "Wuhan",
)
LAKESHORE_REUSE = _org(
    "Lakeshore Water Reuse Institute", "湖岸水回用研究所", US, UNIVERSITY, "US-MI", "Ann Arbor"
)
GRANITE_HEAT = _org(
    "Granite State Heat Pump Alliance", "花岗岩州热泵联盟", US, ASSOCIATION, "US-NH", "Concord"
)
BINGCHENG = _org(
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
    ("partner.cn", CHENGHU, True),
    ("partner.cn", BEIYUAN, True),
    ("partner.cn", QINGMIAO, True),
)


@dataclass(frozen=True)
class Criterion:
    """A rubric criterion and its weight (percent)."""

    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    weight: float


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


@dataclass(frozen=True)
class SolicitationSpec:
    """An illustrative solicitation of the current cycle."""

    year: int
    title_en: str
    title_zh: str
    guidance_en: str
    guidance_zh: str
    opens_at: datetime
    closes_at: datetime
    status: str  # SolicitationStatus value
    target_selections: int


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
    "中美绿色合作伙伴计划邀请两国地方层面的机构——企业和行业协会、大学和科研机构、非政府组织、州和省、"
    "县和城市——结对合作，在三年内试点清洁能源、气候或环境解决方案。每份申请须开发并示范一项可见成果："
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
    _utc(2024, 10, 1, 13),
    _utc(2025, 5, 31, 15, 59),
    "decisions_published",
    3,
)
SOLICITATION_2027 = SolicitationSpec(
    2027,
    "2026–2027 U.S.–China EcoPartnerships Solicitation",
    "2026–2027年中美绿色合作伙伴计划征集",
    GUIDANCE_EN,
    GUIDANCE_ZH,
    _utc(2026, 10, 1, 13),
    _utc(2027, 5, 31, 15, 59),  # 11:59 a.m. EDT
    "open",
    5,
)


@dataclass(frozen=True)
class Task:
    """A workplan task (proposals) or milestone (partnerships)."""

    pilot_year: int
    number: int
    title_en: str
    title_zh: str
    target: str
    due_on: date
    status: MilestoneStatus = MilestoneStatus.PLANNED
    completed_on: date | None = None
    evidence: str = ""
    key_accomplishment: bool = False


@dataclass(frozen=True)
class ProposalSpec:
    """A proposal. Submitted ones have a reference and a submission time."""

    title_en: str
    title_zh: str
    lead: Org
    partners: tuple[tuple[Org, str], ...]  # (organization, ParticipantState value)
    created_by: str  # e-mail local part
    focus_areas: tuple[FocusArea, ...]
    deliverable_kind: DeliverableKind
    summary_en: str
    summary_zh: str
    deliverable_en: str
    deliverable_zh: str
    objectives_en: str
    objectives_zh: str
    impact_en: str
    impact_zh: str
    tasks: tuple[Task, ...] = ()
    state: str = "draft"  # ProposalState value
    reference: str | None = None
    submitted_at: datetime | None = None
    reviewers: tuple[str, ...] = ()  # e-mail local parts of assigned reviewers


@dataclass(frozen=True)
class UpdateSpec:
    """A progress update."""

    title: str
    body: str
    language: str  # Language value
    author: str  # e-mail local part
    visibility: str = "public"
    state: str = "published"
    submitted_at: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class ActivePartnershipSpec:
    """A 2025 partnership, made from a selected proposal."""

    slug: str
    name_en: str
    name_zh: str
    goal_en: str
    goal_zh: str
    description_en: str
    description_zh: str
    proposal: ProposalSpec
    milestones: tuple[Task, ...]
    updates: tuple[UpdateSpec, ...] = field(default_factory=tuple)


DONE = MilestoneStatus.DONE
IN_PROGRESS = MilestoneStatus.IN_PROGRESS
DELAYED = MilestoneStatus.DELAYED

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


def _as_tasks(milestones: tuple[Task, ...]) -> tuple[Task, ...]:
    """The workplan as proposed: the same tasks, nothing yet done."""
    return tuple(
        Task(m.pilot_year, m.number, m.title_en, m.title_zh, m.target, m.due_on) for m in milestones
    )


CONFIRMED = "confirmed"
INVITED = "invited"

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
        _as_tasks(WETLANDS_MILESTONES),
        "selected",
        "EP-2025-001",
        _utc(2025, 5, 20, 14, 2),
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
        _as_tasks(STORAGE_MILESTONES),
        "selected",
        "EP-2025-002",
        _utc(2025, 5, 28, 9, 40),
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
        _as_tasks(BUS_MILESTONES),
        "selected",
        "EP-2025-003",
        _utc(2025, 5, 30, 22, 15),
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
        _utc(2025, 5, 31, 15, 30),
    ),
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
                published_at=_utc(2026, 5, 8, 15),
            ),
            UpdateSpec(
                "本底调查数据正式公开",
                "两处试点的植被与鸟类本底调查已完成，数据集已按开放许可发布，欢迎同行使用。",
                "zh_Hans",
                "partner.cn",
                published_at=_utc(2026, 9, 18, 2),
            ),
            UpdateSpec(
                "Technician exchange completed",
                "Six field technicians spent two weeks at the partner site in October, comparing "
                "planting methods and sensor maintenance routines.",
                "en",
                "partner.us",
                published_at=_utc(2026, 11, 2, 16),
            ),
            UpdateSpec(
                "Land access for the second restoration area",
                "Negotiations with the landowner at the U.S. site are taking longer than "
                "planned; we may need to move part of the year-2 restoration to 2028.",
                "en",
                "partner.us",
                visibility="secretariat",
                state="submitted",
                submitted_at=_utc(2026, 11, 10, 14),
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
                published_at=_utc(2026, 5, 27, 15),
            ),
            UpdateSpec(
                "美方首套电池投运",
                "美方馈线的1兆瓦时电池已于8月投运，与馈线上的风机协同运行。中方站点正在办理并网手续。",
                "zh_Hans",
                "partner.cn",
                published_at=_utc(2026, 9, 3, 3),
            ),
            UpdateSpec(
                "中方站点并网审批延迟说明",
                "并网审批预计推迟约三个月，第二年第一项里程碑将相应顺延，其余工作不受影响。",
                "zh_Hans",
                "partner.cn",
                visibility="secretariat",
                submitted_at=_utc(2026, 10, 12, 2),
                published_at=_utc(2026, 10, 14, 13),
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
                published_at=_utc(2026, 6, 24, 17),
            ),
            UpdateSpec(
                "节能驾驶培训课程发布",
                "中英双语节能驾驶培训课程已发布，两地共有200名驾驶员完成培训。",
                "zh_Hans",
                "partner.cn",
                published_at=_utc(2026, 8, 12, 4),
            ),
            UpdateSpec(
                "Retired battery testing begins",
                "Twenty retired bus battery packs have arrived at the test bench for evaluation "
                "as stationary storage.",
                "en",
                "partner.us",
                published_at=_utc(2026, 11, 16, 18),
            ),
            UpdateSpec(
                "Budget for year-2 air monitoring",
                "One corridor's monitors are funded through 2027; we are seeking support for "
                "the second.",
                "en",
                "partner.us",
                visibility="secretariat",
                submitted_at=_utc(2026, 9, 30, 15),
                published_at=_utc(2026, 10, 2, 14),
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


def _tasks(*rows: tuple[int, int, str, str, str, date]) -> tuple[Task, ...]:
    return tuple(Task(*row) for row in rows)


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
        _tasks(
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
        _tasks(
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
        _utc(2026, 10, 28, 16, 5),
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
        _tasks(
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
        _utc(2026, 11, 9, 3, 20),
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
        _tasks(
            (1, 1, "Select buildings", "选定楼栋", "Four buildings per country", date(2027, 12, 1)),
            (2, 1, "Retrofit and meter", "改造与计量", "200 apartments metered", date(2028, 12, 1)),
            (3, 1, "Model standard", "示范标准", "Draft standard submitted", date(2030, 2, 1)),
        ),
        "submitted",
        "EP-2027-003",
        _utc(2026, 11, 18, 20, 45),
    ),
)
