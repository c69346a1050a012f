"""The yearly report in words: its context (report.py) as the blocks both
writers format (blocks.py). Numbers are written by generator/russian.py
(decimal comma, «п. п.», no-break spaces); nothing is computed here beyond
choosing words for figures already computed."""

from __future__ import annotations

from generator import russian
from generator.documents.blocks import (
    Bullets,
    Contents,
    Document,
    Heading,
    Para,
    Table,
    TitlePage,
)
from generator.documents.figures import figure
from generator.documents.report import FigureSpec, IndicatorFigure, ReportContext, ScopeFigure

R = russian


def level_words(f: ScopeFigure) -> str:
    return f.level.label if f.level else "—"


def pct(x: float | None) -> str:
    """A summary score as seed 000 writes it: «63,00 %» (the share of the maximum, 0-100)."""
    return R.figure(x, "percent")


def change(delta: float | None, trend: str, unit: str = "") -> str:
    if delta is None:
        return trend or "—"
    return f"{R.delta(delta, unit)} ({trend})" if trend else R.delta(delta, unit)


class Sections:
    """Numbered headings with anchors, in order."""

    def __init__(self):
        self.blocks: list = []
        self.n = 0
        self.sub = 0

    def h1(self, text: str) -> None:
        self.n += 1
        self.sub = 0
        self.blocks.append(Heading(f"{self.n}. {text}", 1, f"s{self.n}"))

    def h2(self, text: str) -> None:
        self.sub += 1
        self.blocks.append(Heading(f"{self.n}.{self.sub}. {text}", 2, f"s{self.n}-{self.sub}"))

    def h3(self, text: str) -> None:
        self.blocks.append(Heading(text, 3))

    def add(self, *blocks) -> None:
        self.blocks.extend(b for b in blocks if b is not None)


def _chart(spec: FigureSpec):
    return figure(spec.spec, spec.caption, spec.alt)


def _indicator_line(f: IndicatorFigure) -> str:
    return f"{f.name}: {R.figure(f.value, f.unit)}" + (f" ({R.delta(f.delta, f.unit)})" if f.delta is not None else "")


def summary_sentences(c: ReportContext) -> list[str]:
    """Seed 000's sentences: «Свод показателей достиг 63 %, что соответствует «среднему» уровню.
    Наиболее высокие результаты демонстрируют общеобразовательные организации — 86 %»."""
    out = []
    total = c.summary[0] if c.summary and c.summary[0].scope == "Все организации" else None
    if total is not None and total.score is not None:
        text = (
            f"Свод показателей за {c.year} год достиг {pct(total.score)} (средний балл организаций из 100), "
            f"что соответствует уровню «{level_words(total)}»."
        )
        if total.delta is not None and c.previous is not None:
            text += f" По сравнению с {c.previous} годом: {change(total.delta, total.trend)}."
        out.append(text)
    if c.best is not None:
        out.append(
            f"Наиболее высокие результаты демонстрируют {R.lower_first(c.best.scope)} — {pct(c.best.score)} "
            f"(уровень «{level_words(c.best)}»)."
        )
    return out


def report_document(c: ReportContext, issued: str) -> Document:
    t = c.title
    doc = Sections()
    doc.add(Contents())
    doc.h1("Введение")
    if c.introduction:
        doc.add(*c.introduction)
    else:
        where = f" ({t.territory})" if t.territory else ""
        n = sum(k for _, k in c.participants)
        doc.add(
            Para(
                f"Мониторинг эффективности руководителей образовательных организаций (далее — мониторинг){where} "
                f"проведён за {c.year} год. В нём {R.plural_word(n, 'участвовала', 'участвовали', 'участвовали')} "
                f"{R.plural(n, 'организация', 'организации', 'организаций')}."
            ),
            Bullets(tuple(f"{label} — {k}" for label, k in c.participants)),
            Para(
                "Отчёт показывает результаты мониторинга: свод по типам организаций, результаты по каждому "
                "направлению, динамику показателей относительно предыдущего года, рейтинг организаций и адресные "
                "рекомендации. Все значения рассчитаны по методике мониторинга (раздел 2) из данных, "
                "опубликованных на сайте мониторинга."
            ),
        )
    _methodology(doc, c)
    _summary(doc, c)
    _directions(doc, c)
    _dynamics(doc, c)
    if c.problems:
        doc.h1("Выявленные проблемы")
        doc.add(*c.problems)
    _rankings(doc, c)
    _recommendations(doc, c)
    if c.cycle is not None:
        from generator.documents.cycle import cycle_sections

        cycle_sections(doc, c.cycle)
    for title, blocks in c.other_texts:
        doc.h1(title)
        doc.add(*blocks)
    doc.h1("Выводы")
    if c.conclusions:
        doc.add(*c.conclusions)
    else:
        doc.add(*(Para(p) for p in summary_sentences(c)))
        if c.previous is not None:
            doc.add(
                Para(
                    f"По сравнению с {c.previous} годом муниципальные значения улучшились по "
                    f"{R.plural(len(c.improved), 'показателю', 'показателям', 'показателям')}, остались без изменений "
                    f"по {len(c.stable)}, ухудшились по {len(c.worsened)}."
                )
            )
    return Document(
        title=f"{t.title} за {c.year} год",
        author=t.top[-1] if t.top else "",
        issued=issued or f"{c.year + 1}-01-01",
        blocks=tuple(doc.blocks),
        title_page=TitlePage(
            top=t.top,
            title=(t.title, f"за {c.year} год"),
            subtitle=(
                "Отчёт о результатах мониторинга и адресные рекомендации",
                *((t.territory,) if t.territory else ()),
            ),
            bottom=(t.place_year,),
            notice=t.notice,
        ),
        footer=f"Мониторинг за {c.year} год",
    )


def _methodology(doc: Sections, c: ReportContext) -> None:
    doc.h1("Методика в кратком изложении")
    doc.h2("Направления и показатели")
    doc.add(
        Para(
            f"Показатели {c.year} года сгруппированы в дерево направлений. Балл направления — среднее взвешенное "
            "баллов его показателей и разделов; итоговый балл — среднее взвешенное направлений верхнего уровня; "
            "у направлений с расчётом «доля баллов» — сумма набранных баллов к максимальной (% выполнения)."
        ),
        Table(
            ("Направление", "Показателей", "Вес", "Расчёт"),
            tuple(
                (
                    r.name,
                    str(r.indicators),
                    f"{r.weight:g}".replace(".", ","),
                    "доля баллов" if r.points_share else "среднее",
                )
                for r in c.tree
            ),
            (0.64, 0.12, 0.08, 0.16),
            (False, True, True, False),
            f"Направления {c.year} года",
            tuple(r.depth for r in c.tree),
        ),
    )
    doc.h2("Расчёт баллов")
    doc.add(
        Para("Каждое значение показателя переводится в балл от 0 до 100 по методу показателя:"),
        Bullets(tuple(f"{m.label} — {R.plural(m.n, 'показатель', 'показателя', 'показателей')}" for m in c.methods)),
        Para(
            f"Баллы «доли от лучшего» считаются среди организаций того же типа. В {c.year} году {c.missing}. "
            + (
                f"Изменение не больше {R.score(c.stable_tolerance)} считается стабильным."
                if c.stable_tolerance
                else "Любое изменение значения считается изменением (стабильно — без изменений)."
            )
        ),
    )
    if c.calendar:
        doc.h2("Сроки мониторинга")
        doc.add(
            Table(("Этап", "Срок", "Ответственный"), c.calendar, (0.45, 0.3, 0.25), (), f"Сроки цикла {c.year} года")
        )
    doc.h2(f"Уровни {c.year} года")
    rows = []
    above = None
    for lv in c.levels:
        rows.append((lv.label, R.score(lv.min_score), "100,00" if above is None else f"ниже {R.score(above)}"))
        above = lv.min_score
    doc.add(
        Para("Уровень итогового балла, направления и муниципального свода определяется по порогам года:"),
        Table(
            ("Уровень", "От балла", "До балла"),
            tuple(rows),
            (0.5, 0.25, 0.25),
            (False, True, True),
            f"Пороги уровней {c.year} года",
        ),
    )


def _summary(doc: Sections, c: ReportContext) -> None:
    doc.h1("Сводные результаты по типам организаций")
    doc.add(*(Para(p) for p in summary_sentences(c)))
    doc.add(
        Table(
            ("Организации", "Число", "Свод, %", "Уровень", "Изменение"),
            tuple((f.scope, str(f.n), R.score(f.score), level_words(f), change(f.delta, f.trend)) for f in c.summary),
            (0.34, 0.1, 0.14, 0.2, 0.22),
            (False, True, True, False, False),
            f"Свод итоговых баллов, {c.year}",
        )
    )
    if c.level_counts:
        doc.add(
            Table(
                ("Тип организаций", *(lv.label for lv in c.levels)),
                tuple((lc.scope, *(str(n) for n in lc.counts)) for lc in c.level_counts),
                (0.4, *([0.6 / max(1, len(c.levels))] * len(c.levels))),
                (False, *([True] * len(c.levels))),
                f"Число организаций на каждом уровне, {c.year}",
            ),
            _chart(c.levels_chart),
        )


def _directions(doc: Sections, c: ReportContext) -> None:
    doc.h1("Результаты по направлениям")
    for d in c.directions:
        doc.h2(d.name)
        scopes = [f.scope for f in d.nodes[0].figures] if d.nodes else []
        if d.nodes:
            rows = []
            for node in d.nodes:
                by_scope = {f.scope: f for f in node.figures}
                rows.append(
                    (
                        node.name,
                        *(
                            f"{R.score(by_scope[s].score)}\n{level_words(by_scope[s])}" if s in by_scope else "—"
                            for s in scopes
                        ),
                    )
                )
            share = 0.6 / max(1, len(scopes))
            doc.add(
                Table(
                    ("Направление / раздел", *scopes),
                    tuple(rows),
                    (0.4, *([share] * len(scopes))),
                    (False, *([False] * len(scopes))),
                    f"Свод по направлению (балл из 100 и уровень), {c.year}",
                    tuple(n.depth for n in d.nodes),
                )
            )
            first = d.nodes[0].figures[0]
            if first.delta is not None:
                doc.add(
                    Para(
                        f"Свод «{d.name}» ({first.scope.lower()}): {R.score(first.score)}, "
                        f"изменение {change(first.delta, first.trend)}."
                    )
                )
        if d.indicators:
            doc.add(
                Table(
                    ("Показатель", "Муниципальное значение", "Изменение"),
                    tuple((i.name, R.figure(i.value, i.unit), R.delta(i.delta, i.unit)) for i in d.indicators),
                    (0.6, 0.22, 0.18),
                    (False, True, True),
                    "Муниципальные значения показателей (доля «да» в %, иначе среднее)",
                )
            )
        if d.chart.spec and d.nodes:
            doc.add(_chart(d.chart))


def _dynamics(doc: Sections, c: ReportContext) -> None:
    doc.h1("Динамика показателей")
    if c.previous is None:
        doc.add(Para(f"{c.year} год — первый год мониторинга в данных: динамики нет."))
        return
    doc.add(Para(f"Муниципальные значения показателей {c.year} года в сравнении с {c.previous} годом."))
    for title, items in (
        ("Положительная динамика (темп роста)", c.improved),
        ("Стабильно, без изменений", c.stable),
        ("Отрицательная динамика", c.worsened),
    ):
        doc.h2(title)
        doc.add(Bullets(tuple(_indicator_line(f) for f in items)) if items else Para("Таких показателей нет."))


def _rankings(doc: Sections, c: ReportContext) -> None:
    doc.h1("Рейтинг организаций")
    for k in c.rankings:
        doc.h2(k.label)
        rows = [(r.place, r.name, R.score(r.score), r.level or "—", change(r.delta, r.trend)) for r in k.rows]
        if k.tail:
            doc.add(
                Para(
                    f"В рейтинге {R.plural(k.n, 'организация', 'организации', 'организаций')}: ниже первые и "
                    f"последние {len(k.tail)} мест; полный рейтинг — в таблице results.xlsx и на сайте."
                )
            )
            rows.append(("…", "…", "", "", ""))
            rows += [(r.place, r.name, R.score(r.score), r.level or "—", change(r.delta, r.trend)) for r in k.tail]
        doc.add(
            Table(
                ("Место", "Организация", "Балл", "Уровень", "Изменение"),
                tuple(rows),
                (0.09, 0.45, 0.11, 0.15, 0.2),
                (True, False, True, False, False),
                f"Итоговые баллы: {k.label.lower()}, {c.year}",
            ),
            _chart(k.chart),
        )


def _recommendations(doc: Sections, c: ReportContext) -> None:
    if not (c.org_recs or c.municipal_recs or c.body_recs):
        return
    doc.h1("Адресные рекомендации")
    if c.org_recs:
        doc.h2("Руководителям образовательных организаций")
        doc.add(
            Para(
                "Рекомендации получают организации, чей уровень по направлению указан в рекомендации; "
                "в скобках — число организаций. Каждая организация получает свои в письме."
            )
        )
        for g in c.org_recs:
            doc.h3(f"По направлению «{g.node}»")
            doc.add(
                Bullets(
                    tuple(f"{text} ({R.plural(n, 'организация', 'организации', 'организаций')})" for text, n in g.items)
                )
            )
    if c.municipal_recs:
        doc.h2("Муниципалитету")
        doc.add(Bullets(tuple(f"{text} («{node}»)" for node, text in c.municipal_recs)))
    bodies = list(dict.fromkeys(b for b, _, _ in c.body_recs))
    for body in bodies:
        doc.h2(body)
        doc.add(Bullets(tuple(f"{text} («{node}»)" for b, node, text in c.body_recs if b == body)))
