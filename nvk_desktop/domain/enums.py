"""The fixed vocabularies of the NVK method (DOMAIN.md §2–3).

Each enum's value is what is stored in the project file; ``label`` is the
bokmål text shown to users. Never rename a value: old files store it.
"""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):  # noqa: UP042 (members carry a label too)
    """A string enum whose members carry a Norwegian display label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_value(cls, value: str) -> LabelledEnum:
        return cls(value)


class Phase(LabelledEnum):
    """PLP phases, in order."""

    IDE = ("ide", "Idé")
    FORSTUDIE = ("forstudie", "Forstudie")
    FORPROSJEKT = ("forprosjekt", "Forprosjekt")
    HOVEDPROSJEKT = ("hovedprosjekt", "Hovedprosjekt")

    @property
    def order(self) -> int:
        """0 for Idé … 3 for Hovedprosjekt."""
        return list(Phase).index(self)

    @property
    def next(self) -> Phase | None:
        phases = list(Phase)
        i = phases.index(self)
        return phases[i + 1] if i + 1 < len(phases) else None


class Decision(LabelledEnum):
    """Outcome of a beslutningspunkt."""

    VIDEREFORE = ("videreføre", "Videreføre")
    JUSTERE = ("justere", "Justere")
    STOPPE = ("stoppe", "Stoppe")


class DecidedBy(LabelledEnum):
    """Who took the decision at a beslutningspunkt."""

    RADMANN = ("rådmann", "Rådmann/kommunedirektør")
    STYRINGSGRUPPE = ("styringsgruppe", "Styringsgruppe")
    FORMANNSKAP = ("formannskap", "Formannskap")
    KOMMUNESTYRE = ("kommunestyre", "Kommunestyre")


class PersonCategory(LabelledEnum):
    ADMINISTRASJON = ("administrasjon", "Administrasjon")
    TILLITSVALGT = ("tillitsvalgt", "Tillitsvalgt")
    NAERINGSLIV = ("næringsliv", "Næringsliv")
    POLITIKER = ("politiker", "Politiker")
    KONSULENT = ("konsulent", "Konsulent")
    ANNET = ("annet", "Annet")


class Role(LabelledEnum):
    """Project roles of DOMAIN.md §3. Prosjektleder is held per phase."""

    PROSJEKTANSVARLIG = ("prosjektansvarlig", "Prosjektansvarlig")
    PROSJEKTLEDER = ("prosjektleder", "Prosjektleder")
    PROSESSVEILEDER = ("prosessveileder", "Prosessveileder")
    PROSJEKTMEDARBEIDER = ("prosjektmedarbeider", "Prosjektmedarbeider")


class GroupKind(LabelledEnum):
    STYRINGSGRUPPE = ("styringsgruppe", "Styringsgruppe")
    ARBEIDSGRUPPE = ("arbeidsgruppe", "Arbeidsgruppe")
    REFERANSEGRUPPE = ("referansegruppe", "Referansegruppe")


class GroupRole(LabelledEnum):
    """A member's role inside a group."""

    LEDER = ("leder", "Leder")
    MEDLEM = ("medlem", "Medlem")
    SEKRETAER = ("sekretær", "Sekretær")
    OBSERVATOR = ("observatør", "Observatør")


class PlanSection(LabelledEnum):
    """Text sections of the prosjektplan that the user writes (DOMAIN.md §10)."""

    BAKGRUNN = ("bakgrunn", "Bakgrunn")
    EFFEKTMAL = ("effektmål", "Effektmål")
    RESULTATMAL = ("resultatmål", "Resultatmål")
    RAMMER = ("rammer", "Rammer og avgrensning")
    INTERESSENTER = ("interessenter", "Interessenter og kommunikasjon")
    GJENNOMFORING = ("gjennomføring", "Gjennomføring")
    RISIKO = ("risiko", "Risiko")
    OKONOMI = ("økonomi", "Økonomi")
