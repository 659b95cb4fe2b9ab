"""Customer identities from Faker: seeded per customer, generated lazily, fast.

Customer *i* of a game with seed *s* gets the same identity whoever asks first and in
whatever order, because Faker is re-seeded from (s, i) before each identity. Faker runs
with `use_weighting=False`: its weighted name distributions are about ten times slower and
add nothing to a training game.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from faker import Faker

INDUSTRIES = (
    "Retail",
    "Logistics",
    "Healthcare",
    "Manufacturing",
    "Hospitality",
    "Financial services",
    "Education",
    "Construction",
    "Software",
    "Telecommunications",
    "Energy",
    "Media",
    "Real estate",
    "Legal services",
    "Agriculture",
    "Public sector",
)

INDUSTRIES_ZH = (
    "零售",
    "物流",
    "医疗健康",
    "制造业",
    "酒店餐饮",
    "金融服务",
    "教育",
    "建筑工程",
    "软件",
    "通信",
    "能源",
    "传媒",
    "房地产",
    "法律服务",
    "农业",
    "政府及公共事业",
)
"""The same industries in Chinese, position for position: a customer's draw is the same
whatever the language, only its name changes."""

_INDUSTRIES_BY_LANGUAGE = {"zh": INDUSTRIES_ZH}


def industries(locale: str) -> tuple[str, ...]:
    """The industry names for a Faker locale: Chinese for zh_*, English otherwise."""
    return _INDUSTRIES_BY_LANGUAGE.get(locale.split("_")[0].lower(), INDUSTRIES)


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a customer is: what the card shows at the top."""

    contact: str
    first_name: str
    title: str
    company: str
    industry: str
    city: str
    phone: str
    email: str


@lru_cache(maxsize=8)
def _faker(locale: str) -> Faker:
    from faker import Faker

    return Faker(locale, use_weighting=False)


def identity_seed(game_seed: int, index: int) -> int:
    """The Faker seed for customer `index` of a game: independent of asking order."""
    return (game_seed & 0xFFFFFFFF) * 1_000_003 + index


_SLUG = re.compile(r"[^a-z0-9]+")


def _domain(company: str, tld: str) -> str:
    words = [
        w
        for w in _SLUG.split(company.lower())
        if w and w not in {"and", "inc", "llc", "ltd", "plc", "group", "sons"}
    ]
    return (("".join(words[:2]) or "example") + "." + tld)[:60]


_LOCK = threading.Lock()
"""One shared Faker per locale is re-seeded per identity: seed and draws must not interleave
with another thread's (the UI exports reports from a worker thread)."""


def make_identity(locale: str, game_seed: int, index: int) -> Identity:
    """Generate customer `index`'s identity (the same on every call, from any thread)."""
    with _LOCK:
        return _make_identity(locale, game_seed, index)


def _make_identity(locale: str, game_seed: int, index: int) -> Identity:
    fake = _faker(locale)
    fake.seed_instance(identity_seed(game_seed, index))
    first = fake.first_name()
    last = fake.last_name()
    title = fake.job()
    company = fake.company()
    industry = fake.random_element(industries(locale))
    city = fake.city()
    phone = fake.phone_number()
    tld = fake.tld()
    local = _SLUG.sub(".", f"{first}.{last}".lower()).strip(".") or "contact"
    return Identity(
        contact=full_name(locale, first, last),
        first_name=first,
        title=title,
        company=company,
        industry=industry,
        city=city,
        phone=phone,
        email=f"{local}@{_domain(company, tld)}",
    )


_ORDER = re.compile(r"\{\{(first_name\w*|last_name)\}\}([^{]*)\{\{(first_name\w*|last_name)\}\}")


@lru_cache(maxsize=32)
def name_order(locale: str) -> tuple[bool, str]:
    """(family name first?, separator) as the locale's own Faker name formats write a name:
    zh_CN gives (True, '') — 黄平 — and en_US (False, ' ')."""
    for provider in _faker(locale).providers:
        formats = getattr(provider, "formats", None)
        if "person" not in type(provider).__module__ or not formats:
            continue
        for fmt in formats:
            m = _ORDER.fullmatch(fmt.strip())
            if m and m.group(1) != m.group(3):
                return m.group(1) == "last_name", m.group(2)
    return False, " "


def full_name(locale: str, first: str, last: str) -> str:
    """A contact's name in the locale's order (Faker's own `name()` would add titles such
    as 'Dr.' or 'DDS' and draw other names than `first_name`, which texts use)."""
    family_first, sep = name_order(locale)
    return f"{last}{sep}{first}" if family_first else f"{first}{sep}{last}"


_PLACEHOLDER = re.compile(r"\{(contact|first_name|company|title|city|industry)\}")


def render(text: str, identity: Identity | None) -> str:
    """Fill `{contact}`, `{company}`... in scenario text. Never `str.format`: scenario text is
    untrusted, and only these plain names are replaced."""
    if identity is None or "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: getattr(identity, m.group(1)), text)
