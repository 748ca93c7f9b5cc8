"""A labelled table of sentences written for these tests: what is a 提法 in quotes and what is not.

Names of things (awards, weapons, brands, companies, units, programmes, books and films,
exhibits, storms), quoted remarks, counts with a unit, titles and so-called terms are not
formulations; slogans, numbered formulas and campaign names are, as are short labels
listed with one or pointed at as "这个“牛鼻子”".
"""

from __future__ import annotations

import dataclasses

import pytest

from readout.clean import simplify
from readout.extract.formulations import find_formulations, load_lexicon


def _quoted(text: str, lex=None) -> list[str]:  # noqa: ANN001
    norm = simplify(text)
    return [f.value for f in find_formulations(text, norm, lex or load_lexicon()) if f.kind == "quoted"]


NOT_FORMULATIONS = [
    # awards and honorary titles
    ("award", "他被中宣部授予“时代楷模”荣誉称号。"),
    ("award", "她荣获“全国五一劳动奖章”，受到表彰。"),
    ("award", "影片获得“年度剧情电影”等五项荣誉。"),
    # weapons, ships, storms
    ("weapon", "美国“蒙特雷”号导弹巡洋舰进入黑海。"),
    ("weapon", "该舰装备有“宙斯盾”系统，可拦截导弹。"),
    ("weapon", "也门胡塞武装称击落美军“死神”无人机。"),
    ("storm", "台风“黑格比”6号晚在菲律宾登陆。"),
    # brands, companies, units, programmes, titles of works
    ("brand", "当地打造“山里红”品牌，带动农民增收。"),
    ("company", "他创办了“天和”公司，专做农产品。"),
    ("unit", "连队传承“南京路上好八连”的光荣传统。"),
    ("programme", "电视台播出“焦点访谈”专题，反响热烈。"),
    ("film", "电影“长津湖”在全国上映。"),
    ("exhibit", "他参观“世纪逐梦”、“巍然王都”、“天地人神”等展陈。"),
    ("exhibit", "广场上，“祝福祖国”巨型花篮吸引游客。"),
    ("nickname", "宁夏素有“塞上江南”之称。"),
    ("nickname", "高山滑雪被称为“勇敢者的运动”。"),
    ("nickname", "当地还组织了一支“银发讲解员”队伍。"),
    ("code name", "在刚刚结束的“跨越-2014”系列实兵对抗演习中，部队经受了考验。"),
    ("dated event", "落实全国人大“3·11”决定。"),
    ("scandal", "欧盟拟就大众“排放门”起诉多国。"),
    ("organisation", "内阁决定将“穆斯林兄弟会”定性为恐怖组织。"),
    ("nickname", "这位58岁的“小巷总理”管得很宽。"),
    # remarks
    ("remark", "群众高喊“总书记好”“总书记辛苦了”。"),
    ("remark", "习近平向大家拜年：“大家过年好”。"),
    ("remark", "社区居民说起新家，都觉得“跟城里没啥两样”。"),
    ("remark", "他认为对方的行为“是卑鄙的种族主义”。"),
    ("remark", "白宫称该公司的违规程度“非常严重”。"),
    ("remark", "他表示关税暂停是“脆弱的”，并未解决根本问题。"),
    # counts with a unit
    ("count", "改革形成“302项制度”，覆盖全部领域。"),
    ("count", "全市建成“39个市场”，方便群众。"),
    # titles, so-called terms, emphasis
    ("title", "山东出台“建设绿色低碳高质量发展先行区三年行动计划”。"),
    ("title", "双方签订了“限期整改协议”。"),
    ("title", "多国发布“海洋白皮书”。"),
    ("so-called", "以军在加沙进行所谓“地面军事演习”。"),
    ("emphasis", "各项工作都要“全面”，不能顾此失彼。"),
    ("emphasis", "自贸试验区是“首创性”的探索。"),
    # a rarer dictionary word as a figure of speech
    ("figure of speech", "摄像头成了山村课堂的“顺风耳”。"),
    # idioms led by 千/万, model numbers, birth cohorts
    ("idiom", "她为列车梳理“千头万绪”的线路。"),
    ("model", "新型科考船“远望9”驶出港口。"),
    ("cohort", "志愿者里有很多“95后”。"),
    # foreign news: a sentence naming a foreign country and nothing Chinese
    ("foreign", "巴西“无地农民运动”当天在首都举行集会。"),
    ("foreign", "德国总理称该国经济正“艰难爬坡”。"),
    # places, buildings, papers, shows, honours, craft, products, teams, parties abroad
    ("place", "市政府修建了“英雄纪念广场”，供市民参观。"),
    ("laboratory", "今年年初，“智能制造国家工程实验室”正式成立。"),
    ("newspaper", "他在“江城日报”上发表了文章。"),
    ("show", "电视台推出“丝路共享”特别节目。"),
    ("show", "“春风十里”大型公益盛典今晚播出。"),
    ("honour", "授予三人“人民卫士”国家荣誉称号。"),
    ("honour", "当地今年评出十位“诚信之星”。"),
    ("honour", "两人被授予了“共和国勋章”。"),
    ("nickname", "这位“草原司令”走遍了牧区。"),
    ("team", "村里成立了“银龄服务队”。"),
    ("craft", "新款“梦想客机”完成试飞。"),
    ("train", "首趟“长江号”之后，“江海联运”班列也开通了。"),
    ("foreign party", "执政党“人民力量”在选举中获胜。"),
    ("armed group", "政府军与武装“解放阵线”交火。"),
    ("product", "企业自主研制的“厘米级定位模块”今天发布。"),
    # events named by their quote, consultation topics, yearly titles
    ("event", "举行“青春筑梦”中外记者见面会。"),
    ("event", "“美丽家乡”视频交流会在京举行。"),
    ("topic", "委员们围绕“推进城乡养老服务均衡发展”建言献策。"),
    ("topic", "双周协商座谈会围绕“完善社区养老机制”协商议政。"),
    ("yearly title", "组委会揭晓“年度乡村振兴人物”。"),
    ("foreign fraction", "意大利中部地震造成“四分之三个镇子消失”。"),
    # programmes and sites named by their broadcaster, banners, titles, apps, parts of a show
    ("programme", "中央电视台“晚间新闻”开设了新专栏。"),
    ("site", "文章在当地主流网站“山城在线”同步推出。"),
    ("banner", "礼堂上方悬挂着横幅“热烈欢迎各位来宾”。"),
    ("title", "网上出现一段标题为“老桥瞬间垮塌”的视频。"),
    ("app", "车主可通过“掌上车管”App办理业务。"),
    ("section", "展览分为“山河壮丽”“岁月如歌”两个篇章。"),
    ("section", "在“数字经济与未来城市”分论坛上，嘉宾深入交流。"),
    # criminal cases, dated events, editions of an event, joint events, commands and groups
    ("case", "警方侦破了“长江沿线系列抢劫杀人案”。"),
    ("dated event", "纪念“5·12抗震救灾”十周年。"),
    ("edition", "“古城东区·第五届全国戏剧展演季”开幕。"),
    ("joint event", "“古钟回归展暨首届公众考古季”今天开幕。"),
    ("command", "中央军委批准组建“某某省某某警备区”。"),
    ("group", "会议成立了“乡村教育改革领导小组”。"),
    ("foreign theme", "意大利世博会主题为“滋养大地，生命之源”。"),
    # websites, channels, ships, user names, people named before their post, parts of a show
    ("site", "信用修复可通过“信用城市”网站办理。"),
    ("channel", "“经典回放”电视频道今天开播。"),
    ("ship", "大型航标船“海巡188”轮在天津列编。"),
    ("user name", "网民“Lucky2020”说，这番话让人振奋。"),
    ("person", "她是村里的“阿依古丽”书记。"),
    ("section", "晚会分为“盛世华章”“时代之歌”“山河之美”三大版块。"),
    # a story from abroad that names nothing Chinese: its quotes are others' words and names
    ("foreign story", "意大利中部发生地震\n\n意大利中部24日发生强烈地震。当地官员介绍，地震造成“半个镇子被毁”。"),
    ("foreign item", "国际联播快讯\n\n央视网消息：\n航空公司高管因“坚果事件”受审\n首尔法院12日对韩国航空公司前高管作出宣判。"),
]


@pytest.mark.parametrize(
    ("kind", "text"), NOT_FORMULATIONS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(NOT_FORMULATIONS)]
)
def test_not_a_formulation(kind: str, text: str) -> None:
    assert _quoted(text) == [], kind


FORMULATIONS = [
    ("会议要求增强“四个意识”、坚定“四个自信”。", ["四个意识", "四个自信"]),
    ("要抓住疏解非首都功能这个“牛鼻子”。", ["牛鼻子"]),
    ("如果搞“集体免疫”“躺平”之类的防控政策，后果不堪设想。", ["集体免疫", "躺平"]),
    ("坚持把解决好“三农”问题作为全党工作重中之重。", ["三农"]),
    ("做好“十五五”规划编制工作。", ["十五五"]),
    ("深化“放管服”改革，推行“一网通办”。", ["放管服", "一网通办"]),
    ("坚持“五个注重”的科学方法。", ["五个注重"]),
    ("多一些实实在在的“干货”。", ["干货"]),
    ("开展“我为群众办实事”实践活动。", ["我为群众办实事"]),
    ("践行“两山论”。", ["绿水青山就是金山银山"]),  # an alias reports its row's value
    ("按照“守初心、担使命，找差距、抓落实”的总要求。", ["守初心、担使命、找差距、抓落实"]),
    ("推动“组组”协同监督、“室组”联动监督。", ["组组", "室组"]),
    ("推广“一栋楼办公”“一条龙”服务。", ["一栋楼办公", "一条龙"]),
    ("在这场“新的学习竞赛”中学出政治忠诚。", ["新的学习竞赛"]),
    # a foreign country in a sentence about China, or a numbered formula, stays a formulation
    ("中方愿同越南一道推进“两廊一圈”建设。", ["两廊一圈"]),
    ("中越双方同意推进“陆海新通道”合作。", ["陆海新通道"]),
    ("多国呼吁巴西落实“两国方案”。", ["两国方案"]),
    ("浙江深入实施“千万工程”。", ["千万工程"]),
    ("集中力量解决“卡脖子”关键核心技术。", ["卡脖子"]),  # a dictionary word the archive quotes often
    # an occasion's theme at home is a slogan, even in longer halves or with a name ending
    ("以“心手相连，共建美好家园”为主题的活动今天启动。", ["心手相连，共建美好家园"]),
    ("各地少先队开展“争做新时代好队员”主题队日活动。", ["争做新时代好队员"]),
    # abroad, a quote built like a formula (numbered, or parallel pieces) stays one
    ("日本首相讲话中没有提到“无核三原则”。", ["无核三原则"]),
    ("各地评选“四个100”先进典型。", ["四个100"]),  # a numbered formula, not a model number
    ("日本的政策是“不拥有、不制造、不运进核武器”。", ["不拥有、不制造、不运进核武器"]),
    # a bulletin's foreign item does not make its domestic items foreign, nor does a country
    # named after an item's lede
    (
        "联播快讯\n\n央视网消息：\n航空公司高管因“坚果事件”受审\n首尔法院12日对韩国航空公司前高管作出宣判。\n"
        "北京启动文明交通行动\n北京今天启动“礼让斑马线”行动。\n电影市场持续升温\n今年电影票房突破百亿元。影片还将登陆新加坡院线。"
        "“电影+消费”活动带动消费。",
        ["礼让斑马线", "电影+消费"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMULATIONS)
def test_a_formulation(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "numbered"),
    [
        ("统筹推进四项重点措施，抓好8个方面的专项整治。", ["四项重点措施", "8个方面的专项整治"]),
        ("落实五方面重点任务。", ["五方面重点任务"]),
        ("今年完成48项重点工作，建成4个市场。", []),  # counts
        ("统筹国内国际两个市场、两种资源。", ["两个市场", "两种资源"]),
        ("落实中共二十大作出的战略部署，打好三大攻坚战。", ["三大攻坚战"]),  # a congress
    ],
)
def test_numbered_formulas_and_counts(text: str, numbered: list[str]) -> None:
    found = [f.value for f in find_formulations(text, text, load_lexicon()) if f.kind == "numbered"]
    assert found == numbered


def test_a_phrase_the_archive_quotes_as_a_name_is_a_name() -> None:
    """With no name word in the sentence, the archive counts decide: quoted as a name on a
    third or more of its days (two at least) is a name; otherwise a set phrase stays one."""
    lex = load_lexicon()
    text = "大家认真学习“红旗渠精神”和“星海揽月”。"
    plain = dataclasses.replace(lex, phrases={})
    assert _quoted(text, plain) == ["红旗渠精神", "星海揽月"]
    named = dataclasses.replace(lex, phrases={"星海揽月": (9, 4, 3), "红旗渠精神": (9, 4, 1)})
    assert _quoted(text, named) == ["红旗渠精神"]
