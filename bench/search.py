"""Project search on a large project: the service call per query, and the search box
update (service call + model reset + paint), in-process.

The project is the ``--size large`` demo (~600 people, 44 groups, 300 milestones)
plus, written here straight through one ``project.unit_of_work`` with the ORM rows so
that the figures do not depend on any other part's demo code:

  300 services  over the seeded service areas (names, unit, fees, nå-situasjon)
  2,000 notes   interviews, document studies and observations with 3–8 sentences of
                varied Norwegian text each, and 0–2 findings per note

Every insert goes through the FTS5 triggers, so the index is the one the app keeps.

Timed per query, ``--runs`` times after one warm-up (median, min, max):

  search   nvk_desktop.services.search.search(project, query) – FTS5 MATCH with
           bm25 ranking and snippets, plus the display-title queries
  popup    ui.search.ProjectSearch.update_results() (the same service call, the hit
           model reset, the list placed and shown) and a synchronous repaint of the
           list's viewport, in a MainWindow at 1366×768 on the offscreen platform

The queries: one word, two words, a prefix, a rare word, a common word, Sámi text
typed without its diacritics, and æ typed as "ae". Target (issue 3): a search answers
within 50 ms.

Run: .venv/bin/python bench/search.py [--runs 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, ms, new_workdir, stats, use_private_env, write_json  # noqa: E402

TARGET_S = 0.050
SERVICES = 300
NOTES = 2_000
SEED = 5540

QUERIES: tuple[tuple[str, str], ...] = (
    ("one word", "ferdigattest"),
    ("two words", "byggesak saksbehandlingstid"),
    ("prefix", "næringsf"),
    ("rare word", "skibotndalen"),
    ("common word", "kommunen"),
    ("Sámi, no diacritics", "gaivuotna"),
    ("æ typed as ae", "naeringsliv"),
    ("person name", "solveig nilsen"),
)

# -- realistic text -------------------------------------------------------------------
SERVICE_BASES = (
    "Ferdigattest",
    "Rammetillatelse",
    "Igangsettingstillatelse",
    "Forhåndskonferanse",
    "Dispensasjon fra arealdelen",
    "Reguleringsplan",
    "Oppmålingsforretning",
    "Seksjonering",
    "Graveløyve",
    "Tilknytning vann og avløp",
    "Næringsrenovasjon",
    "Havneleie",
    "Skjenkebevilling",
    "Serveringsbevilling",
    "Salgsbevilling",
    "Tilsyn med fyringsanlegg",
    "Næringsfond",
    "Etablererveiledning",
    "Bedriftsbesøk",
    "Leverandørdialog",
    "Konsesjon for erverv",
    "Landbrukstilskudd",
    "Utslippstillatelse",
    "Miljørettet helsevern",
    "Digital søknad",
    "Servicetorg",
)
QUALIFIERS = (
    "for næringsbygg",
    "for fritidsbolig",
    "i sentrum",
    "i Olderdalen",
    "i Manndalen",
    "i Birtavarre",
    "for fiskeri og havbruk",
    "for reiseliv",
    "for landbruk",
    "for handel",
    "ved endring",
    "ved søknad om unntak",
)
UNITS = (
    "Plan og utvikling",
    "Byggesak",
    "Teknisk drift",
    "Servicetorget",
    "Landbruk og miljø",
    "Næringskontoret",
    "Brann og redning",
    "Økonomi og innkjøp",
)
FIRMS = (
    "Lyngen Sjømat AS",
    "Karlsen Bygg og Anlegg AS",
    "Olderdalen Mekaniske AS",
    "Sandvik Gjestegård",
    "Manndalen Husflid",
    "Birtavarre Camping",
    "Kåfjord Fjellstue",
    "Nord-Troms Rør AS",
    "Gáivuotna Duodji",
    "Skardalen Gårdsbruk",
    "Fjordbuss AS",
    "Ankerlia Elektro",
    "Trollvasshytta Reiseliv",
    "Kåfjordbotn Fisk AS",
)
FIRST = (
    "Anne",
    "Berit",
    "Áilu",
    "Jørgen",
    "Kari",
    "Ole",
    "Mathis",
    "Inga",
    "Per",
    "Siv",
    "Trond",
    "Elle",
    "Øystein",
    "Hanne",
    "Nils",
)
LAST = (
    "Nilsen",
    "Hætta",
    "Johansen",
    "Olsen",
    "Isaksen",
    "Eriksen",
    "Sara",
    "Mikkelsen",
    "Birkelund",
    "Lyngmo",
    "Pedersen",
    "Storslett",
)
SENTENCES = (
    "Byggesak bruker for lang tid på ferdigattest, og saksbehandlingstiden er uforutsigbar.",
    "Kommunen svarer raskt på e-post, men telefonen til servicetorget er ofte opptatt.",
    "Det er uklart hvem i kommunen bedriften skal kontakte når saken gjelder flere fagområder.",
    "Næringsforum oppleves som nyttig, men møtene kolliderer med høysesongen i reiselivet.",
    "Forhåndskonferansen ga god veiledning og sparte bedriften for mange runder.",
    "Gebyrene for byggesak oppleves som høye sammenlignet med nabokommunene.",
    "Næringsfondet er viktig for små etablerere, men søknadsskjemaet er tungt.",
    "Saksbehandlerne er vennlige og løsningsorienterte når man først får tak i dem.",
    "Næringslivet ønsker en fast kontaktperson i kommunen for større etableringer.",
    "Reguleringsplanen for havna har tatt flere år og hindrer utvidelse av kaianlegget.",
    "Bedriften opplever at kommunen forstår behovene til fiskeri og havbruk.",
    "Digitale søknader fungerer dårlig på mobil, og vedlegg forsvinner.",
    "Tilsynet fra brann og redning var grundig og godt forklart.",
    "Dispensasjoner fra arealdelen behandles ulikt fra sak til sak.",
    "Det mangler ledige næringsarealer med vei, vann og strøm i sentrum.",
    "Veiledningen om skjenkebevilling var tydelig og kom i god tid før sesongen.",
    "Kommunens nettsider er vanskelige å finne fram i, og informasjonen er utdatert.",
    "Politikerne oppleves som positive til næringsutvikling, men vedtak tar tid.",
    "Bredbånd og mobildekning i fjordområdene er for dårlig for moderne drift.",
    "Bedriftsbesøk fra ordfører og næringskonsulent blir satt stor pris på.",
    "Innkjøpsreglene gjør det vanskelig for lokale leverandører å gi tilbud.",
    "Leverandørdialogen før store anskaffelser har blitt bedre det siste året.",
    "Landbrukskontoret gir god hjelp med tilskudd, men fristene er stramme.",
    "Oppmålingsforretningen tok fire måneder, og bedriften mistet en kontrakt.",
    "Bedriften savner tilbakemelding når saken blir liggende uten framdrift.",
    "Samarbeidet med Gáivuotna/Kåfjord kommune om sjøsamisk reiseliv er godt.",
    "Kommunen bør samle informasjon om etablering på ett sted.",
    "Vann og avløp er på plass, men tilknytningsgebyret kom som en overraskelse.",
    "Etablererveiledningen hjalp med forretningsplan og søknad om lån.",
    "Det er få møteplasser mellom kommunen og næringslivet utenom næringsforum.",
)
RARE = "Det planlagte hyttefeltet i Skibotndalen venter på avklaring av veirett."
NOTE_KINDS = ("dybdeintervju", "dybdeintervju", "gruppeintervju", "dokumentstudie", "observasjon")
DOCUMENTS = (
    "Strategisk næringsplan 2023–2027",
    "Kommuneplanens samfunnsdel",
    "Kommuneplanens arealdel",
    "Vedtekter for næringsfondet",
    "Serviceerklæring for byggesak",
    "KOSTRA-tall for plan og byggesak",
    "Kommunens nettsider om etablering",
)


def fill_large(project: object) -> dict[str, int]:
    """300 services and 2,000 notes (with findings) in one unit of work."""
    from sqlalchemy import func, select

    from nvk_desktop.store.models import FindingRow, NoteRow, ServiceAreaRow, ServiceRow

    rng = random.Random(SEED)
    start = date(2026, 9, 1)
    with project.unit_of_work("Benchmark-data") as s:  # type: ignore[attr-defined]
        areas = s.scalars(select(ServiceAreaRow.id).order_by(ServiceAreaRow.position)).all()
        position = s.scalar(select(func.count(ServiceRow.id))) or 0
        for i in range(SERVICES):
            position += 1
            s.add(
                ServiceRow(
                    area_id=areas[i % len(areas)],
                    position=position,
                    name=f"{rng.choice(SERVICE_BASES)} {rng.choice(QUALIFIERS)}",
                    unit=rng.choice(UNITS),
                    channels="skranke,telefon,e-post",
                    yearly_cases=rng.randint(5, 400),
                    median_days=round(rng.uniform(3, 90), 1),
                    legal_deadline_days=rng.choice((None, 21, 84)),
                    fees=rng.choice(("", "Gebyr etter regulativ", "Kr 4 800 per sak", "Gratis")),
                    current_state=" ".join(rng.sample(SENTENCES, rng.randint(1, 3))),
                )
            )
        notes = []
        for i in range(NOTES):
            kind = rng.choice(NOTE_KINDS)
            if kind == "dokumentstudie":
                subject, organisation = rng.choice(DOCUMENTS), "Kåfjord kommune"
            else:
                subject = f"{rng.choice(FIRST)} {rng.choice(LAST)}, daglig leder"
                organisation = rng.choice(FIRMS)
            sentences = rng.sample(SENTENCES, rng.randint(3, 8))
            if i % 700 == 3:
                sentences.insert(1, RARE)
            note = NoteRow(
                kind=kind,
                held_on=start + timedelta(days=rng.randint(0, 120)),
                subject=subject,
                organisation=organisation,
                body="\n\n".join(sentences),
                personal_data=kind != "dokumentstudie",
            )
            notes.append(note)
        s.add_all(notes)
        s.flush()
        for note in notes:
            for pos in range(rng.randint(0, 2)):
                s.add(
                    FindingRow(
                        note_id=note.id,
                        position=pos + 1,
                        text=rng.choice(SENTENCES),
                        is_candidate=rng.random() < 0.3,
                    )
                )
    project.take_last_change()  # type: ignore[attr-defined]
    from sqlalchemy import text

    with project.read() as s:  # type: ignore[attr-defined]
        counts = {
            "index entries": s.scalar(text("SELECT count(*) FROM search_fts")),
            "services": s.scalar(select(func.count(ServiceRow.id))),
            "notes": s.scalar(select(func.count(NoteRow.id))),
            "findings": s.scalar(select(func.count(FindingRow.id))),
        }
    return {k: int(v or 0) for k, v in counts.items()}


def time_service(project: object, runs: int) -> dict[str, dict[str, object]]:
    from nvk_desktop.services.search import search

    out: dict[str, dict[str, object]] = {}
    for label, query in QUERIES:
        hits = search(project, query)  # type: ignore[arg-type]  # warm-up
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            search(project, query)  # type: ignore[arg-type]
            samples.append(time.perf_counter() - t0)
        out[label] = {"query": query, "hits": len(hits), **stats(samples)}
    return out


def time_popup(project: object, runs: int) -> dict[str, dict[str, object]]:
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module

    app = QApplication.instance()
    assert app is not None
    window = app_module.make_main_window(project, remember=False)  # type: ignore[arg-type]
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    box = window.search
    box.focus()
    out: dict[str, dict[str, object]] = {}
    for label, query in QUERIES:
        box.field.blockSignals(True)  # no debounce timer: update_results is timed alone
        box.field.setText(query)
        box.field.blockSignals(False)
        box.update_results()
        app.processEvents()
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            box.update_results()
            box.popup.view.viewport().repaint()
            samples.append(time.perf_counter() - t0)
        out[label] = {"query": query, "hits": len(box.hits()), **stats(samples)}
    window.close()
    app.processEvents()
    return out


def report(title: str, figures: dict[str, dict[str, object]], target: float | None) -> None:
    print(title)
    for label, r in figures.items():
        verdict = ""
        if target is not None:
            verdict = "  MET" if float(r["median"]) < target else "  MISSED"  # type: ignore[arg-type]
        print(
            f"    {label:22s} {str(r['query'])!r:32s} {int(r['hits']):3d} hits"  # type: ignore[call-overload]
            f"  median {ms(float(r['median'])):>6s}  (min {ms(float(r['min']))},"  # type: ignore[arg-type]
            f" max {ms(float(r['max']))}, n={r['n']}){verdict}"  # type: ignore[arg-type]
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="repetitions per query (≥ 7)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7")

    with new_workdir("nvk-bench-search-") as tmp:
        workdir = Path(tmp)
        use_private_env(workdir)  # before Qt and the app are imported
        sys.path.insert(0, str(ROOT))
        facts = machine()

        from nvk_desktop.services.demo import create_demo

        t0 = time.perf_counter()
        project = create_demo(workdir / "large.nvk", size="large")
        counts = fill_large(project)
        built = time.perf_counter() - t0
        try:
            service = time_service(project, args.runs)

            from PySide6.QtCore import qInstallMessageHandler

            from ui.app import setup_application

            def quiet(mode: object, context: object, message: str) -> None:
                if "propagateSizeHints" not in message:
                    print(message, file=sys.stderr)

            qInstallMessageHandler(quiet)
            setup_application([sys.argv[0]])
            sys.excepthook = sys.__excepthook__
            popup = time_popup(project, args.runs)
        finally:
            if not project.closed:
                project.close()

        worst = max(float(r["median"]) for r in service.values())  # type: ignore[arg-type]
        worst_popup = max(float(r["median"]) for r in popup.values())  # type: ignore[arg-type]
        print(
            f"Machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['os']}, Python"
            f" {facts['python']}, PySide6 {facts['pyside6']} / Qt {facts['qt']}"
        )
        print(f"Date: {facts['date']}")
        print(
            "Project: large demo + "
            + ", ".join(f"{v:,} {k}".replace(",", " ") for k, v in counts.items())
            + f" (built in {built:.1f} s)"
        )
        report(
            f"search(project, query), {args.runs} runs per query after a warm-up:",
            service,
            TARGET_S,
        )
        report(
            "search box update (service + model reset + place + repaint), offscreen:",
            popup,
            None,
        )
        verdict = "MET" if worst < TARGET_S else "MISSED"
        print(f"  slowest median, service: {ms(worst)}; target < {ms(TARGET_S)}: {verdict}")
        print(f"  slowest median, search box update: {ms(worst_popup)}")
        write_json(
            args.json,
            {
                "machine": facts,
                "runs": args.runs,
                "counts": counts,
                "service": service,
                "popup": popup,
                "target_ms": TARGET_S * 1000,
                "meets_target": worst < TARGET_S,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
