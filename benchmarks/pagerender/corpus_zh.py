"""Chinese text for rendered pages: the six real seed articles and new ones recombined from them.

New articles are made of the seed's own sentences (split after 。！？ and any
closing quote), drawn with a seeded RNG, so the vocabulary, punctuation and
sentence lengths are those of a real county paper. Headlines, kickers,
subheadlines, captions and the (invented) names in bylines come from the small
lists below. Headlines with a space are double headlines: in a narrow frame
they are set on two lines, broken at the space.
"""

from __future__ import annotations

import functools
import json
import random
import re
from pathlib import Path
from typing import Any

from benchmarks.pagerender.titles import TitleSource

REPO = Path(__file__).resolve().parents[2]
SEED_GT = REPO.parent / "shared" / "seed" / "seed-articles.gt.json"
# The bundled sample carries the same six articles, so a checkout without
# shared/ can still make Chinese pages.
SAMPLE_GT = REPO / "samples" / "seed-page.gt.json"

SENTENCE = re.compile(r"[^。！？]+(?:[。！？]+[”’」』）]*|$)")

HEADLINES = [
    "县政府召开常务会议研究部署春季农业生产",
    "我县开展安全生产大检查",
    "城区老旧小区改造项目全面启动",
    "全县春耕备播工作有序推进",
    "县人大常委会召开第八次会议",
    "县政协委员视察重点民生工程",
    "县委理论学习中心组举行集体学习",
    "乡村振兴示范村建设取得新进展",
    "县人民医院新门诊楼投入使用",
    "我县举办新春招聘会助力群众就业",
    "县市场监管局开展食品安全专项检查",
    "产业园区重点项目建设跑出加速度",
    "全县教育工作会议召开",
    "县消防救援大队开展冬季消防演练",
    "特色农产品走俏春节市场",
    "县图书馆开展“书香过大年”阅读活动",
    "全县农村人居环境整治工作推进会召开",
    "县交通运输局加快推进农村公路建设",
    "我县召开优化营商环境工作会议",
    "非遗文化进校园活动精彩纷呈",
    "县文明办开展志愿服务进社区活动",
    "全县冬春季森林防火工作会议召开",
    "县税务局推出多项便民办税措施",
    "县供电公司全力保障春节期间用电",
    "城乡供水一体化工程加快建设",
    "县卫健委开展义诊进乡村活动",
    "县总工会为困难职工送温暖",
    "全县重点项目集中开工",
    "凝心聚力抓发展 实干担当开新局",
    "春风送岗位 就业暖人心",
    "抓项目 促发展 开新局",
    "绿色农业添动能 特色产业助增收",
    "瑞雪兆丰年 麦苗长势旺",
    "小小志愿者 浓浓敬老情",
    "家门口就业 日子有奔头",
    "冬训充电 蓄力前行",
]

KICKERS = [
    "县领导在督导安全生产工作时要求",
    "县委书记在调研春季农业生产时强调",
    "聚焦乡村振兴 建设美丽家园",
    "我为群众办实事",
    "持续优化营商环境",
    "县长在重点项目观摩时指出",
    "全县经济工作会议召开",
    "奋进新征程 建功新时代",
]

SUBHEADLINES = [
    "县教体局召开专题会议部署开学工作",
    "全县三百余家企业参与",
    "确保春耕生产有序开展",
    "二十个村完成改造提升",
    "为群众办好十件民生实事",
    "县委组织部召开工作谋划会",
    "首批项目总投资十二亿元",
    "志愿者走进社区开展服务",
]

NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴昊",
    "徐丽",
    "孙强",
    "马超",
    "朱琳",
    "胡波",
    "郭婷",
    "何勇",
    "高峰",
    "林涛",
    "罗欣",
    "郑浩",
    "梁爽",
]

CAPTIONS = [
    "图为工人在车间内加紧生产。",
    "图为志愿者在社区开展环境卫生整治。",
    "图为农民在田间管理小麦。",
    "图为项目建设现场。",
    "图为群众在招聘会现场咨询岗位信息。",
    "图为医护人员为群众免费测量血压。",
    "图为学生在老师指导下学习非遗技艺。",
    "图为游客在展厅参观汝瓷作品。",
    "图为消防救援人员进行实战演练。",
    "图为新建成的乡村道路。",
]

SECTIONS = ["要闻", "综合新闻", "县域经济", "社会民生", "文化教育", "乡村振兴"]
MASTHEADS = ["宝丰新闻", "河阳县报", "清溪周报"]
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


def seed_path() -> Path:
    """The file the seed articles are read from: the shared seed GT, else the bundled sample's GT."""
    if SEED_GT.is_file():
        return SEED_GT
    if SAMPLE_GT.is_file():
        return SAMPLE_GT
    raise FileNotFoundError(
        f"Chinese seed text not found: neither {SEED_GT} (the shared seed ground truth) "
        f"nor {SAMPLE_GT} (the bundled sample) exists"
    )


@functools.lru_cache(maxsize=1)
def _seed_data() -> dict[str, Any]:
    path = seed_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("articles"), list) or not data["articles"]:
            raise ValueError("no 'articles' list")
    except (OSError, ValueError, AttributeError) as exc:
        raise ValueError(f"{path}: not a seed ground-truth file ({exc})") from exc
    return data


def seed_articles() -> list[dict[str, Any]]:
    """The six articles of the seed page as keyed by hand (id, kicker, headline, subheadline, byline, paragraphs)."""
    keep = ("id", "kicker", "headline", "subheadline", "byline", "paragraphs")
    return [{k: a.get(k) for k in keep} for a in _seed_data()["articles"]]


def seed_furniture() -> list[dict[str, Any]]:
    """The seed page's furniture entries (kind and text), as keyed by hand."""
    return [{"kind": f["kind"], "text": f["text"]} for f in _seed_data().get("furniture", [])]


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph cut after each 。！？ (a closing quote stays with its sentence)."""
    return [m.group(0) for m in SENTENCE.finditer(paragraph) if m.group(0)]


@functools.lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Every sentence of the seed articles, in page order."""
    out: list[str] = []
    for art in seed_articles():
        for para in art["paragraphs"]:
            out.extend(s for s in split_sentences(para) if len(s) >= 6)
    return tuple(out)


class ChineseSource(TitleSource):
    """Seeded supply of Chinese sentences, titles and bylines."""

    lang = "zh"

    def __init__(self, rng: random.Random) -> None:
        self._order: list[str] = []
        super().__init__(rng, HEADLINES, KICKERS, SUBHEADLINES)

    def sentence(self) -> str:
        """The next sentence; the pool is reshuffled each time it runs out."""
        if not self._order:
            self._order = list(sentence_pool())
            self.rng.shuffle(self._order)
        return self._order.pop()

    def paragraph(self) -> list[str]:
        """The sentences of a new paragraph: one to four drawn from the seed's sentences."""
        return [self.sentence() for _ in range(self.rng.choice([1, 2, 2, 2, 3, 3, 4]))]

    def give_back(self, sentences: list[str]) -> None:
        """Return sentences that did not fit, to be drawn before the pool is reshuffled."""
        self._order[:0] = sentences

    def join(self, sentences: list[str]) -> str:
        """Sentences joined into paragraph text (Chinese: no separator)."""
        return "".join(sentences)

    def byline(self) -> tuple[str, str]:
        """A byline in one of the forms county papers use, and where it goes (``start`` or ``end``)."""
        a, b = self.rng.sample(NAMES, 2)
        forms = [
            (f"（{a}）", "end"),
            (f"（{a} {b}）", "end"),
            (f"（{a} 文/{b} 图）", "end"),
            (f"{a} 报道", "end"),
            (f"（记者 {a}）", "end"),
            (f"（通讯员 {a}）", "end"),
            (f"本报讯（记者 {a} 通讯员 {b}）", "start"),
            (f"本报讯（记者 {a}）", "start"),
            (f"本报讯（通讯员 {a}）", "start"),
        ]
        return self.rng.choice(forms)

    def caption(self) -> str:
        """A photo caption with its photographer credit ("图为…。 何勇 摄")."""
        return f"{self.rng.choice(CAPTIONS)} {self.rng.choice(NAMES)} 摄"

    def dateline(self) -> str:
        """Chinese articles carry no dateline: always ""."""
        return ""
