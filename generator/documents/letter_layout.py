"""The letter to a head in words: its context (letter.py) as the blocks both
writers format (blocks.py)."""

from __future__ import annotations

from generator import russian as R
from generator.documents.blocks import Bullets, Document, Heading, Para, Table
from generator.documents.letter import Figure, LetterContext


def _change(f: Figure) -> str:
    if f.delta is None:
        return f.trend or "—"
    return f"{R.delta(f.delta)} ({f.trend})" if f.trend else R.delta(f.delta)


def letter_document(c: LetterContext, issued: str) -> Document:
    blocks: list = [
        Heading(f"О результатах мониторинга эффективности руководителей за {c.year} год", 1, "letter"),
        Para("Уважаемый руководитель!"),
        Para(
            f"Направляем результаты мониторинга эффективности руководителей образовательных организаций за "
            f"{c.year} год по организации {c.org_name} и адресные рекомендации по ним."
        ),
    ]
    t = c.total
    if t is not None and t.score is not None:
        text = (
            f"Итоговый балл организации — {R.score(t.score)} из 100, уровень «{t.level or '—'}»; "
            f"место {t.place} (тип: {R.lower_first(c.kind_label)})"
        )
        if t.peer is not None:
            text += f"; среднее по типу — {R.score(t.peer)}"
        text += "."
        if t.delta is not None:
            text += f" По сравнению с предыдущим годом: {_change(t)}."
        blocks.append(Para(text, "lead"))
    else:
        blocks.append(Para("Итоговый балл организации в этом году не рассчитан.", "lead"))
    if c.directions:
        blocks += [
            Heading("Результаты по направлениям", 2),
            Table(
                ("Направление", "Балл", "Уровень", "Место", "Среднее по типу", "Изменение"),
                tuple(
                    (d.name, R.score(d.score), d.level or "—", d.place, R.score(d.peer), _change(d))
                    for d in c.directions
                ),
                (0.36, 0.1, 0.15, 0.09, 0.12, 0.18),
                (False, True, False, True, True, False),
                "",
                tuple(d.depth for d in c.directions),
            ),
        ]
    if c.strengths:
        blocks += [
            Heading("Сильные стороны", 2),
            Para("Показатели, по которым балл организации больше всего выше среднего по типу:"),
            Bullets(
                tuple(
                    f"{g.name}: {R.score(g.score)} при среднем {R.score(g.peer)} (+{R.score(g.gap)})"
                    for g in c.strengths
                )
            ),
        ]
    if c.deficits:
        blocks += [
            Heading("Дефициты", 2),
            Para("Показатели, по которым балл организации больше всего ниже среднего по типу:"),
            Bullets(
                tuple(
                    f"{g.name}: {R.score(g.score)} при среднем {R.score(g.peer)} (−{R.score(g.gap)})"
                    for g in c.deficits
                )
            ),
        ]
    if c.missing:
        blocks += [
            Heading("Значения не представлены", 2),
            Para("По этим показателям значение не представлено:"),
            Bullets(c.missing),
        ]
    if c.recommendations:
        blocks.append(Heading("Адресные рекомендации", 2))
        for g in c.recommendations:
            blocks.append(Heading(f"По направлению «{g.node}»" + (f" (уровень «{g.level}»)" if g.level else ""), 3))
            blocks.append(Bullets(g.items))
    if c.measures:
        blocks += [
            Heading("Запланированные меры", 2),
            Table(
                ("Мера", "Направление", "Срок", "Ответственный"),
                tuple((m.title, m.node, m.due or "—", m.responsible or "—") for m in c.measures),
                (0.42, 0.26, 0.12, 0.2),
            ),
        ]
    if c.plan_due:
        blocks.append(
            Para(f"Просим представить план мероприятий по итогам мониторинга (с учётом рекомендаций) до {c.plan_due}.")
        )
    blocks.append(Para("Подробные результаты, методика и рейтинги опубликованы на сайте мониторинга."))
    if c.operator:
        blocks.append(Para(c.operator, "right"))
    if c.notice:
        blocks.append(Para(c.notice, "note"))
    return Document(
        title=f"Результаты мониторинга за {c.year} год: {c.org_name}",
        author=c.operator,
        issued=issued or f"{c.year + 1}-01-01",
        blocks=tuple(blocks),
        letterhead=c.sender,
        addressee=c.addressee,
        footer=f"Мониторинг за {c.year} год",
    )
