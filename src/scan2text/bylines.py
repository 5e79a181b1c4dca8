"""Bylines and credits: find who wrote (or photographed) an article.

Chinese papers put the credit at the end of the body, in brackets
(``……绝不姑息。（郭莎莎 文/何乐 图）``) or plain (``……的魅力。白今明 报道``),
or at the start (``本报讯（记者 张三 通讯员 李四）2月7日……``). English
papers put ``By JANE DOE`` above the body and agency lines (``Associated
Press``) above or below it.

A credit is a list of *names* (2-4 ideographs, or a name with ``·``) and
*roles* (记者, 通讯员, 文, 图, 摄, 报道 ...), separated by spaces, ``/`` or
``、``. The rules that keep body text out:

* An end credit must follow sentence-final punctuation (or stand alone):
  ``河南（宝丰）`` is preceded by an ideograph, so it is never a byline.
* A credit without any role word (``（吕依然）``) must look like personal
  names: every name starts with a common Chinese surname and does not end
  like an institution or place (县, 局, 院 ...). ``（资料图）``,
  ``（下转第二版）``, ``（宝丰）`` fail this.
* A plain credit without brackets needs a role word (``白今明 报道``).
* Datelines (``BEIJING, Feb. 9 —``) are not credits and stay in the body.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Common Chinese surnames (the few hundred that cover almost every person);
# used only for credits that carry no role word.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦卢麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑"
    "迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜阚花权强帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆"
    "茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_SURNAMES_2 = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "公孙",
    "夏侯",
    "端木",
    "长孙",
    "宇文",
    "司徒",
    "西门",
    "独孤",
    "完颜",
)
# Names that end like these are institutions or places, not people.
_INSTITUTION_END = set("省市县区镇乡村局厅部院委办社台网站处科所校园馆队组团会")
# Bracketed notes that are never credits (single characters only as the
# whole note or its opening, since names may contain them).
_NOT_CREDIT = re.compile(
    r"资料|下转|上接|转第|接第|见第|第.{1,3}版|图片|来源|摘自|编者按|译者|记者手记|详见|本版|^完$|^续|^据|^注"
)

ROLE_PREFIX = (
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "记者",
    "特约通讯员",
    "通讯员",
    "实习生",
    "摄影记者",
    "本报通讯员",
)
ROLE_SUFFIX = ("报道", "整理", "供稿", "撰稿", "编译", "摄影", "摄", "文", "图", "文图")
PHOTO_ROLES = frozenset({"摄", "摄影", "图", "摄影记者"})
_ROLES = frozenset(ROLE_PREFIX + ROLE_SUFFIX)
_PREFIXES_LONGEST_FIRST = sorted(ROLE_PREFIX, key=len, reverse=True)

_HAN = r"\u3400-\u9fff"
_NAME = re.compile(rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,6}}[·•・][{_HAN}]{{1,8}}$")
_SENTENCE_END = "。！？!?…"
_CLOSE_QUOTES = "”’」』"

# English.
_EN_CAPS_WORD = r"(?:[A-Z][A-Z'’\-]+|[A-Z]\.)"
_EN_TITLE_WORD = (
    r"(?:[A-Z][a-z'’\-]+(?:[A-Z][a-z'’\-]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+|de|van|von|der|la|le)"
)
_EN_CAPS_NAME = rf"{_EN_CAPS_WORD}(?:\s+{_EN_CAPS_WORD}){{0,3}}"
_EN_TITLE_NAME = rf"{_EN_TITLE_WORD}(?:\s+{_EN_TITLE_WORD}){{0,3}}"
_BY_CAPS = re.compile(rf"^\s*By\s+({_EN_CAPS_NAME}(?:\s*(?:,|and|AND|&)\s*{_EN_CAPS_NAME})*)(?=\s|$)")
_BY_TITLE_LINE = re.compile(
    rf"^\s*By\s+{_EN_TITLE_NAME}(?:\s*(?:,|and|&)\s*{_EN_TITLE_NAME})*(?:\s*[,|/—-]\s*[A-Z][\w .’'-]{{0,40}})?\s*$"
)
_AGENCIES = (
    r"(?:The\s+)?Associated\s+Press|AP|Reuters|AFP|Agence\s+France-Presse|Bloomberg(?:\s+News)?|Xinhua|"
    r"United\s+Press\s+International|UPI|Press\s+Association|PA|dpa|Kyodo(?:\s+News)?"
)
_STAFF = (
    r"Staff\s+(?:Writer|Writers|Reporter|Reporters|Report|Correspondent|Photographer)|(?:Special|Foreign|Senior|Chief)\s+"
    r"Correspondent|Correspondent|Contributing\s+Writer|Special\s+to\s+(?:the\s+|The\s+)?[A-Z][\w .’'-]{1,40}|"
    r"(?:Photo(?:graph)?s?|Photographer)"
)
_CREDIT_LINE = re.compile(
    rf"^\s*[—–-]*\s*(?:{_AGENCIES}|{_STAFF}|(?:{_EN_TITLE_NAME}|{_EN_CAPS_NAME})\s*[,|/]\s*(?:{_STAFF}|{_AGENCIES}))\s*$"
)
_PHOTO_EN = re.compile(
    r"^\s*(?:Photo(?:graph)?s?\s*(?:by|:)\s*.+|.+[,/|]\s*(?:Staff\s+)?Photographer|\((?:Photo|Photograph):.+\))\s*$",
    re.I,
)
_EN_END = re.compile(rf"(?<=[.!?\"”’])\s*[—–]+\s*((?:{_AGENCIES})|{_EN_TITLE_NAME}|{_EN_CAPS_NAME})\s*$")
_CN_START = re.compile(
    rf"^\s*(本报讯|本报[{_HAN}]{{1,6}}讯|[{_HAN}]{{2,8}}(?:网|报|台|社)讯)\s*(（[^（）]{{1,40}}）|\([^()]{{1,40}}\))?"
)


@dataclass
class Byline:
    """A credit found in an article: its text and where it stood.

    ``position`` is ``"start"`` (opening the body), ``"end"`` (closing the
    body) or ``"line"`` (a line of its own).
    """

    text: str
    position: str  # "start" | "end" | "line"


def _is_person_name(token: str) -> bool:
    """A bare token that reads as a Chinese personal name (surname check, no institution ending)."""
    if not _NAME.match(token):
        return False
    if "·" in token or "•" in token or "・" in token:
        return True
    if token[-1] in _INSTITUTION_END:
        return False
    return token[0] in _SURNAMES_1 or token[:2] in _SURNAMES_2


def parse_credit(text: str) -> list[tuple[str, str | None]] | None:
    """Parse a Chinese credit into ``(name, role)`` pairs, or ``None`` when it is not one.

    ``"记者 张三 通讯员 李四"`` -> ``[("张三", "记者"), ("李四", "通讯员")]``;
    ``"郭莎莎 文/何乐 图"`` -> ``[("郭莎莎", "文"), ("何乐", "图")]``;
    ``"刘畅"`` -> ``[("刘畅", None)]``. Brackets around the text are ignored.
    A credit with no role word must consist of personal names (see the module docstring).
    """
    t = text.strip()
    if t[:1] in "（(" and t[-1:] in "）)":
        t = t[1:-1].strip()
    if not t or _NOT_CREDIT.search(t):
        return None
    tokens: list[str] = []
    for raw in re.split(r"[\s/／、,，]+", t):
        if not raw:
            continue
        # Glued roles: "记者张三", "张三摄", "白今明报道" (not glued 文/图: names end in them).
        for role in _PREFIXES_LONGEST_FIRST:
            if raw.startswith(role) and len(raw) > len(role) and raw not in _ROLES:
                tokens.append(role)
                raw = raw[len(role) :]
                break
        for role in ("报道", "整理", "供稿", "撰稿", "摄影", "摄"):
            if raw.endswith(role) and len(raw) - len(role) >= 2 and raw not in _ROLES:
                tokens.extend([raw[: -len(role)], role])
                raw = ""
                break
        if raw:
            tokens.append(raw)
    pairs: list[tuple[str, str | None]] = []
    pending_prefix: str | None = None
    since = 0  # index of the first name a coming suffix role applies to
    has_role = False
    for tok in tokens:
        if tok in ROLE_PREFIX:
            pending_prefix, has_role = tok, True
        elif tok in ROLE_SUFFIX:
            has_role = True
            if len(pairs) == since:
                # "文/图 张三": role words before any name act as a prefix.
                lead = pending_prefix in ROLE_SUFFIX or (pending_prefix or "").count("/")
                pending_prefix = f"{pending_prefix}/{tok}" if lead else tok
                continue
            # "郭莎莎 文/何乐 图", "记者 张三 摄": the suffix names the job of
            # the names since the last suffix, over a staff title before them.
            pairs = pairs[:since] + [(n, tok) for n, _ in pairs[since:]]
            since = len(pairs)
            pending_prefix = None
        elif _NAME.match(tok):
            pairs.append((tok, pending_prefix))
        else:
            return None
    if not pairs:
        return None
    if not has_role and not all(_is_person_name(n) for n, _ in pairs):
        return None
    return pairs


def _bracketed_credit(text: str) -> bool:
    """``（…）`` / ``(…)`` around a valid credit."""
    t = text.strip()
    return len(t) >= 4 and t[0] in "（(" and t[-1] in "）)" and parse_credit(t) is not None


def _plain_credit(text: str) -> bool:
    """A credit without brackets: needs at least one role word (``白今明 报道``)."""
    t = text.strip()
    if not t or t[0] in "（(":
        return False
    pairs = parse_credit(t)
    return pairs is not None and (any(r is not None for _, r in pairs))


def match_end_byline(text: str) -> tuple[str, str] | None:
    """Split a credit off the end of ``text``: ``(body_without_byline, byline)`` or ``None``.

    ``"……绝不姑息。（郭莎莎 文/何乐 图）"`` -> ``("……绝不姑息。", "（郭莎莎 文/何乐 图）")``;
    ``"……的魅力。白今明 报道"`` -> ``("……的魅力。", "白今明 报道")``;
    ``"……He left. — Associated Press"`` -> ``("……He left.", "— Associated Press")``.
    The credit must follow sentence-final punctuation (spaces allowed) or be
    the whole text; ``"……河南（宝丰）"`` is not a byline.
    """
    t = text.rstrip()
    if not t:
        return None
    # Bracketed credit at the end.
    m = re.search(r"(（[^（）]{1,40}）|\([^()]{1,40}\))$", t)
    if m and _bracketed_credit(m.group(1)):
        body = t[: m.start()].rstrip()
        if not body or body[-1] in _SENTENCE_END + _CLOSE_QUOTES:
            return body, m.group(1)
    # Plain credit after the last sentence end.
    cut = max(t.rfind(ch) for ch in _SENTENCE_END + _CLOSE_QUOTES)
    tail = t[cut + 1 :].strip()
    if tail and len(tail) <= 30 and _plain_credit(tail):
        return t[: cut + 1], tail
    m = _EN_END.search(t)
    if m:
        credit = t[m.start() :].strip()
        return t[: m.start()].rstrip(), credit
    return None


def match_start_byline(text: str) -> tuple[str, str] | None:
    """Split a credit off the start of ``text``: ``(byline, rest)`` or ``None``.

    ``"本报讯（记者 张三 通讯员 李四）2月7日……"`` -> ``("本报讯（记者 张三 通讯员 李四）", "2月7日……")``;
    ``"By JANE DOE The council…"`` -> ``("By JANE DOE", "The council…")``;
    ``"By Jane Doe"`` (a whole line) -> ``("By Jane Doe", "")``. A title-case
    name is only taken when it is the whole text, since nothing marks where
    the name ends.
    """
    m = _CN_START.match(text)
    if m:
        bracket = m.group(2)
        if bracket is None or parse_credit(bracket) is not None:
            return text[: m.end()].strip(), text[m.end() :].strip()
        return text[: m.start(2)].strip(), text[m.start(2) :].strip()
    if _BY_TITLE_LINE.match(text):
        return text.strip(), ""
    m = _BY_CAPS.match(text)
    if m:
        rest = text[m.end() :].strip()
        # The name ends where the capitals end; a rest that starts with a
        # capitalised word (the body) or nothing confirms it.
        if not rest or rest[0].isupper() or rest[0] in ",—–-":
            return text[: m.end()].strip(), rest
    return None


def is_photo_credit(text: str) -> bool:
    """True for a photo credit line (``记者 张三 摄``, ``（何乐 图）``, ``Photo by Jane Doe``).

    A credit naming a writer as well (``郭莎莎 文/何乐 图``) is not only a
    photo credit, so it is not flagged.
    """
    t = text.strip()
    if _PHOTO_EN.match(t):
        return True
    pairs = parse_credit(t)
    if pairs is None or not (_bracketed_credit(t) or _plain_credit(t)):
        return False
    roles = {r for _, r in pairs}
    return bool(roles) and None not in roles and roles <= PHOTO_ROLES


def is_byline_line(text: str) -> bool:
    """True when the whole line is a credit.

    Chinese: ``（刘畅）``, ``（郭莎莎 文/何乐 图）``, ``白今明 报道``, ``记者 张三 摄``
    (also :func:`is_photo_credit`), ``本报记者 张三``. English: ``By JANE DOE``,
    ``By Jane Doe``, ``Associated Press``, ``Staff Writer``, ``Jane Doe,
    Staff Writer``, ``— Reuters``, ``Photo by Jane Doe``.
    """
    t = text.strip()
    if not t or len(t) > 60:
        return False
    if _bracketed_credit(t) or _plain_credit(t):
        return True
    if _CREDIT_LINE.match(t) or _PHOTO_EN.match(t):
        return True
    m = match_start_byline(t)
    return m is not None and m[1] == "" and not _CN_START.match(t)


def byline_names(text: str) -> list[str]:
    """The personal names in a Chinese credit (``（郭莎莎 文/何乐 图）`` -> ``["郭莎莎", "何乐"]``); [] if none."""
    pairs = parse_credit(text)
    return [n for n, _ in pairs] if pairs else []
