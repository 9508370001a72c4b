"""The program's real history, 2008–2017, as plain values (shapes in `app.demo.specs`).

The program selected 45 EcoPartnerships in eight cohorts
(2008: 7, 2011: 6, 2012: 5, 2013: 6, 2014: 6, 2015: 6, 2016: 6, 2017: 3; none in 2009 or 2010).
Only partnerships whose partners, places and purpose could be checked against the public record
(State Department media notes and fact sheets, the program site ecopartnerships.lbl.gov, partner
announcements) are listed. Goals and descriptions paraphrase what was announced at selection;
they claim no results the record does not show. Where a detail was not certain it was left out
(an empty city or website) rather than guessed. Chinese names of U.S. organizations are the
usual renderings or, for small companies, plain transliterations.
"""

from __future__ import annotations

from datetime import date

from app.demo.specs import (
    AIR,
    ASSOCIATION,
    CITY,
    CN,
    COMMUNITIES,
    COUNTY,
    EFFICIENCY,
    ELECTRICITY,
    ENTERPRISE,
    GREEN_GROWTH,
    NGO,
    STATE,
    TRANSPORT,
    UNIVERSITY,
    US,
    WATER,
    WETLANDS,
    Cohort,
    HistoricalPartnership,
    Org,
    utc,
)

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
        utc(2008, 10, 31, 21),
    ),
    Cohort(
        2011,
        date(2011, 5, 10),
        True,
        "Third U.S.–China Strategic and Economic Dialogue, Department of State, Washington",
        6,
        date(2010, 10, 1),
        utc(2011, 1, 14, 21),
    ),
    Cohort(
        2012,
        date(2012, 5, 3),
        True,
        "Fourth U.S.–China Strategic and Economic Dialogue, Diaoyutai, Beijing",
        5,
        date(2011, 12, 1),
        utc(2012, 3, 8, 21),
    ),
    Cohort(
        2013,
        date(2013, 7, 11),
        True,
        "Fifth U.S.–China Strategic and Economic Dialogue, Department of State, Washington",
        6,
        date(2013, 1, 15),
        utc(2013, 3, 29, 21),
    ),
    Cohort(
        2014,
        date(2014, 7, 10),
        True,
        "Sixth U.S.–China Strategic and Economic Dialogue, Beijing",
        6,
        date(2014, 1, 15),
        utc(2014, 3, 31, 21),
    ),
    Cohort(
        2015,
        date(2015, 6, 23),
        True,
        "Seventh U.S.–China Strategic and Economic Dialogue, Washington",
        6,
        date(2015, 1, 15),
        utc(2015, 3, 31, 21),
    ),
    Cohort(
        2016,
        date(2016, 6, 6),
        True,
        "Eighth U.S.–China Strategic and Economic Dialogue, Diaoyutai, Beijing",
        6,
        date(2016, 1, 15),
        utc(2016, 3, 31, 21),
    ),
    Cohort(
        2017,
        date(2017, 12, 1),
        False,
        "Announced by the Department of State",
        3,
        date(2017, 3, 1),
        utc(2017, 5, 31, 15, 59),
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
    description_zh="堪萨斯州威奇托市政府。",
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
    description_zh="江苏省无锡市人民政府，地处太湖之滨。",
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
    description_zh="得克萨斯州的电力公用事业控股公司。",
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
    description_zh="中国大型国有发电集团之一。",
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
    description_zh="科罗拉多州丹佛市县合一的地方政府。",
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
    description_zh="总部位于密歇根州迪尔伯恩的汽车制造商。",
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
    description_zh="位于中国西南部的中央直辖市。",
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
    description_zh="总部位于重庆的汽车制造商。",
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
    description_zh="位于路易斯安那州新奥尔良的私立研究型大学。",
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
    description_zh="位于上海的公立研究型大学。",
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
    description_zh="堪萨斯州小城，2007年5月龙卷风过后按可持续标准重建。",
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
    description_zh="四川省县级市，在2008年5月地震中受灾严重。",
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
    description_zh="华盛顿州金县的公共港口区。",
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
    description_zh="辽宁省大连港的运营企业。",
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
    description_zh="位于俄亥俄州克利夫兰的私立研究型大学。",
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
    description_zh="中国海洋石油总公司旗下的新能源子公司。",
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
    description_zh="总部位于北卡罗来纳州夏洛特的电力公用事业公司。",
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
    description_zh="北卡罗来纳州夏洛特市政府。",
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
    description_zh="总部位于河北省廊坊市的民营清洁能源集团。",
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
    description_zh="河北省地级市，地处北京与天津之间。",
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
    description_zh="犹他州州政府。",
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
    description_zh="青海省人民政府，地处青藏高原。",
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
    description_zh="为各级政府制定气候与能源政策规划提供支持的非营利机构。",
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
    description_zh="总部位于北京的环保非营利机构。",
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
    description_zh="工商协会，副产品协同和材料交易平台的开发者。",
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
    description_zh="总部位于北京的工商协会。",
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
    description_zh="位于印第安纳州西拉法叶的公立研究型大学。",
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
    description_zh="位于田纳西州诺克斯维尔的公立研究型大学。",
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
    description_zh="中国科学院下属研究所。",
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
    description_zh="中国科学院下属研究机构。",
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
    description_zh="中国科学院下属研究所。",
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
    description_zh="俄亥俄州哥伦布市政府；与合肥市为友好城市。",
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
    description_zh="位于俄亥俄州哥伦布的公立研究型大学。",
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
    description_zh="安徽省省会；与哥伦布市为友好城市。",
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
    description_zh="位于安徽省合肥市的公立大学。",
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
    description_zh="自然保护非营利机构，“大河伙伴关系”项目的发起者。",
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
    description_zh="负责长江渔业管理的流域机构。",
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
    description_zh="长期开展中国项目的环保非营利机构。",
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
    description_zh="北京市人民政府下属的公共机构。",
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
    description_zh="位于长岛和纽约市的私立大学。",
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
    description_zh="位于北京的公立研究型大学。",
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
    description_zh="纽约州立大学系统的公立研究型大学。",
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
    description_zh="位于上海的公立研究型大学。",
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
    description_zh="专注于煤矿瓦斯的能源与环境咨询公司。",
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
    description_zh="贵州省环境保护主管部门下属机构。",
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
    description_zh="航空航天企业。",
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
    description_zh="总部位于上海的商用飞机制造商。",
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
    description_zh="位于纽约市的私立研究型大学。",
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
    description_zh="位于内蒙古包头市的钢铁集团。",
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
    description_zh="致力于保护亚太地区海龟的非营利机构。",
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
    description_zh="位于海南省海口市的公立大学。",
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
    description_zh="工程机械、矿山设备和发动机制造商。",
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
    description_zh="上海临港产业区的开发企业。",
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
    description_zh="服务造纸行业的特种矿物公司。",
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
    description_zh="山东省的造纸企业。",
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
    description_zh="研究湿地与水生生态系统的联邦研究中心。",
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
    description_zh="以林学和生态学为特色的公立大学。",
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
    description_zh="全钒液流电池储能系统开发商。",
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
    description_zh="液流电池储能系统制造商。",
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
    description_zh="微型燃气轮机能源系统制造商。",
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
    description_zh="位于湖南长沙的非电空调及建筑系统制造商。",
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
    description_zh="深圳市的配电企业，隶属中国南方电网。",
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
    description_zh="位于路易斯安那州巴吞鲁日的公立研究型大学。",
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
    description_zh="中国科学院下属研究所。",
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
