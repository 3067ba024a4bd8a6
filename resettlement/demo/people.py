"""Synthetic people and staff with realistic British names (Faker en_GB), reproducible by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from faker import Faker

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
MIN_AGE, MAX_AGE = 18, 68
MALE_SHARE = 0.9  # the prison population of England and Wales is about 96% male


@dataclass(frozen=True)
class Person:
    prison_number: str
    given_name: str
    family_name: str
    date_of_birth: date
    gender: str

    def as_event(self) -> dict[str, str]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "gender": self.gender,
        }


class PeopleMaker:
    """Makes people (unique prison numbers) and staff names from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fake = Faker("en_GB")
        self.fake.seed_instance(rng.randrange(2**32))
        self._numbers: set[str] = set()

    def prison_number(self) -> str:
        while True:
            number = (
                self.rng.choice(LETTERS)
                + f"{self.rng.randrange(10_000):04d}"
                + self.rng.choice(LETTERS)
                + self.rng.choice(LETTERS)
            )
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def person(self, today: date) -> Person:
        male = self.rng.random() < MALE_SHARE
        given = self.fake.first_name_male() if male else self.fake.first_name_female()
        age_days = self.rng.randint(MIN_AGE * 365 + 5, MAX_AGE * 365)
        born = date.fromordinal(today.toordinal() - age_days)
        return Person(
            self.prison_number(), given, self.fake.last_name(), born, "male" if male else "female"
        )

    def staff_name(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def username(self) -> str:
        first, last = self.fake.first_name(), self.fake.last_name()
        return f"{first[0]}.{last}".lower().replace(" ", "").replace("'", "")
