"""Made-up border-incident articles in news style, for tests, benchmarks and demos (never real news)."""

from __future__ import annotations

import datetime as dt
import random

__all__ = [
    "NUMBERS",
    "ORIGINS",
    "REGIONS",
    "TOWNS",
    "VICTIMS",
    "WEAPONS",
    "article",
]

TOWNS = ("Khorog", "Kulob", "Panj", "Farkhor", "Shurobod", "Vanj", "Rushon", "Ishkoshim", "Qalaikhumb", "Dusti")
REGIONS = ("Khatlon Region", "Gorno-Badakhshan Autonomous Oblast")
ORIGINS = ("Badakhshan", "Takhar", "Kunduz")
WEAPONS = ("a drone attack", "mortar shelling", "an armed attack", "a roadside bomb blast")
VICTIMS = ("Chinese workers", "border guards", "civilians", "road construction workers")
NUMBERS = ("one", "two", "three", "four", "five")


def article(seed: int, published: dt.date = dt.date(2025, 12, 2)) -> str:
    """One short article with one incident, fully determined by ``seed``.

    >>> article(1) == article(1) and article(1) != article(2)
    True
    """
    rng = random.Random(seed)
    day = published - dt.timedelta(days=rng.randint(1, 20))
    place = rng.choice(TOWNS + REGIONS)
    killed, wounded = rng.choice(NUMBERS), rng.choice(NUMBERS)
    return (
        f"Report {seed}: unrest on the Tajik-Afghan border\n"
        f"By Borderwatch Test Desk {published:%B} {published.day}, {published.year}\n\n"
        f"On {day:%B} {day.day}, militants from Afghanistan's {rng.choice(ORIGINS)} province carried out "
        f"{rng.choice(WEAPONS)} on {rng.choice(VICTIMS)} in {place}, killing {killed} and wounding {wounded}.\n\n"
        f"Officials in Dushanbe said talks with Kabul would continue. Reference number {seed}.\n"
    )
