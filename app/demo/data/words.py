"""The (English, Chinese) word pairs the synthetic data set's names, goals and texts are built
from (`app.demo.synthetic`): plain values."""

from app.focus_areas import FocusArea
from app.organizations.models import OrganizationType

THEMES = (
    ("Solar", "太阳能", FocusArea.CLEAN_ELECTRICITY),
    ("Wind Power", "风电", FocusArea.CLEAN_ELECTRICITY),
    ("Smart Grid", "智能电网", FocusArea.CLEAN_ELECTRICITY),
    ("Energy Storage", "储能", FocusArea.CLEAN_ELECTRICITY),
    ("Clean Air", "清洁空气", FocusArea.CLEAN_AIR),
    ("Air Quality", "空气质量", FocusArea.CLEAN_AIR),
    ("Watershed", "流域", FocusArea.CLEAN_WATER),
    ("Water Reuse", "水循环利用", FocusArea.CLEAN_WATER),
    ("Electric Vehicle", "电动汽车", FocusArea.CLEAN_TRANSPORTATION),
    ("Transit", "公共交通", FocusArea.CLEAN_TRANSPORTATION),
    ("Wetlands", "湿地", FocusArea.FORESTS_WETLANDS),
    ("Forestry", "林业", FocusArea.FORESTS_WETLANDS),
    ("Building Efficiency", "建筑节能", FocusArea.ENERGY_EFFICIENCY),
    ("Industrial Efficiency", "工业能效", FocusArea.ENERGY_EFFICIENCY),
    ("Green Finance", "绿色金融", FocusArea.GREEN_GROWTH),
    ("Circular Economy", "循环经济", FocusArea.GREEN_GROWTH),
    ("Low-Carbon City", "低碳城市", FocusArea.LOW_CARBON_COMMUNITIES),
    ("Eco-District", "生态社区", FocusArea.LOW_CARBON_COMMUNITIES),
)
KINDS = {
    OrganizationType.ENTERPRISE: (("Technologies", "科技公司"), ("Systems Inc.", "系统有限公司")),
    OrganizationType.INDUSTRY_ASSOCIATION: (("Industry Alliance", "产业联盟"),),
    OrganizationType.UNIVERSITY: (("Research Institute", "研究院"), ("University", "大学")),
    OrganizationType.NGO: (("Foundation", "基金会"), ("Council", "促进会")),
    OrganizationType.STATE_GOVERNMENT: (("Energy Office", "能源局"),),
    OrganizationType.COUNTY_GOVERNMENT: (("County Environment Bureau", "县生态环境局"),),
    OrganizationType.CITY_GOVERNMENT: (("City Sustainability Office", "市可持续发展办公室"),),
}
TYPE_WEIGHTS = (
    (OrganizationType.ENTERPRISE, 30),
    (OrganizationType.INDUSTRY_ASSOCIATION, 6),
    (OrganizationType.UNIVERSITY, 25),
    (OrganizationType.NGO, 14),
    (OrganizationType.STATE_GOVERNMENT, 8),
    (OrganizationType.COUNTY_GOVERNMENT, 5),
    (OrganizationType.CITY_GOVERNMENT, 12),
)
QUALIFIERS = (
    ("", ""),
    ("Northern", "北方"),
    ("Pacific", "太平洋"),
    ("Highland", "高原"),
    ("River Valley", "河谷"),
    ("Coastal", "沿海"),
    ("Frontier", "前沿"),
    ("United", "联合"),
)
OUTCOMES = (
    ("pilot", "试点"),
    ("demonstration", "示范"),
    ("monitoring network", "监测网络"),
    ("policy toolkit", "政策工具包"),
    ("training program", "培训项目"),
    ("investment model", "投资模式"),
)
STEPS = (
    ("Baseline survey", "基线调查"),
    ("Site selection", "选址"),
    ("Joint workshop", "联合研讨会"),
    ("Equipment installed", "设备安装"),
    ("First field results", "首批现场结果"),
    ("Staff exchange", "人员交流"),
    ("Interim report", "中期报告"),
    ("Scale-up plan", "推广方案"),
    ("Policy brief", "政策简报"),
    ("Final demonstration", "最终示范"),
    ("Public results event", "成果发布会"),
)
SENTENCES = (
    "The partners met in {place} to review the {theme} {outcome} and agree on next steps.",
    "Field teams from both countries collected {n} weeks of measurements.",
    "A joint workshop brought together {n} engineers, officials and students.",
    "The {theme} {outcome} now serves {n},000 residents.",
    "Results so far exceed the year's target by {n} percent.",
    "Both sides exchanged staff for {n} weeks to share methods and data.",
    "The next phase widens the {outcome} to {n} more sites.",
)
