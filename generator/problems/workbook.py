"""Codes of the group «Книги Excel и LibreOffice»: making a workbook to fill
in (`template`) and reading filled workbooks back (`import`,
generator/workbook/). A problem of a cell names the file, the sheet and the
cell (G7), its row and its column header; the table rules (a range, an
unknown id) keep their own codes and are told at the cell they came from."""

from __future__ import annotations

from generator.problems.catalogue import Example, define

G = "workbook"
BOOK = "2026-sch-01.xlsx"
VALUES = "Значения"

NO_YEAR = define(
    "workbook-no-year",
    G,
    "Года нет в данных",
    "Книга делается для года, папка которого уже есть в data/, и загружается в такую папку.",
    "в данных нет {year} года.",
    "сначала создайте год: make new-year YEAR={year} (или monitoring-site new-year {year}), затем повторите команду.",
    Example("data/2026", params={"year": 2026}),
)
NOT_A_WORKBOOK = define(
    "workbook-format",
    G,
    "Файл не книга XLSX или ODS",
    "Загружаются книги Excel (.xlsx) и LibreOffice (.ods); старый формат .xls, CSV и другие файлы не читаются.",
    "файл не книга XLSX или ODS ({reason}).",
    "откройте файл в Excel или LibreOffice Calc и сохраните его как «Книга Excel (.xlsx)» "
    "или «Электронная таблица ODF (.ods)».",
    Example("2026-sch-01.xls", params={"reason": "расширение .xls"}),
)
UNREADABLE = define(
    "workbook-unreadable",
    G,
    "Книга не читается",
    "Файл назван как книга, но открыть его не удалось: он повреждён, не докачан, защищён паролем "
    "или это другой формат.",
    "книгу не удалось прочитать: {reason}.",
    "откройте книгу в Excel или LibreOffice Calc; если она открывается, снимите пароль на открытие "
    "и сохраните её заново "
    "как .xlsx; если нет — попросите прислать файл ещё раз.",
    Example(BOOK, params={"reason": "файл повреждён или это не книга"}),
)
WRONG_YEAR = define(
    "workbook-wrong-year",
    G,
    "Книга другого года",
    "Книга, сделанная командой template, помнит свой год (лист «Инструкция», ячейка B2); "
    "загружать её можно только в этот год.",
    "книга сделана для {found} года, а загружается в {year} год.",
    "загрузите книгу с --year {found} или сделайте книгу {year} года: make template YEAR={year}.",
    Example(BOOK, sheet="Инструкция", cell="B2", row=2, value="2025", params={"found": 2025, "year": 2026}),
)
NO_DATA_SHEET = define(
    "workbook-no-data-sheet",
    G,
    "В книге нет листов с данными",
    "Данные читаются с листов, названных как в шаблоне: {sheets}.",
    "в книге нет ни одного листа с данными.",
    "впишите данные на листы шаблона (make template YEAR=…), не переименовывая их: {sheets}.",
    Example(BOOK, params={"sheets": "«Значения», «Организации», «Показатели»"}),
)
UNKNOWN_SHEET = define(
    "workbook-unknown-sheet",
    G,
    "Лишний лист в книге",
    "Каждый лист книги — одна таблица года; лист с другим именем непонятно куда загружать, "
    "поэтому книга не принимается.",
    "лист с таким именем не относится к данным.",
    "удалите лист или перенесите его данные на лист шаблона; листы данных называются: {sheets}.",
    Example(BOOK, sheet="Лист1", params={"sheets": "«Значения», «Организации», «Показатели»"}),
)
SHEET_TWICE = define(
    "workbook-sheet-twice",
    G,
    "Лист в нескольких книгах",
    "Таблицу года, кроме значений, можно загрузить только из одной книги за раз: иначе неясно, какая из двух верна.",
    "этот лист есть и в книге {other}.",
    "загрузите лист «{name}» только из одной книги: удалите его из другой или загрузите книги по очереди.",
    Example(BOOK, sheet="Организации", params={"name": "Организации", "other": "2026-sch-02.xlsx"}),
)
MISSING_COLUMN = define(
    "workbook-missing-column",
    G,
    "Нет обязательного столбца",
    "Обязательные столбцы листа узнаются по заголовку в первой строке; без них лист не загрузить.",
    "на листе нет столбца «{title}».",
    "верните столбец «{title}» с этим заголовком в первой строке (скопируйте его из шаблона: make template YEAR=…); "
    "обязательные столбцы листа: {expected}.",
    Example(
        BOOK, sheet=VALUES, row=1, params={"title": "Значение", "expected": "«Организация», «Показатель», «Значение»"}
    ),
)
UNKNOWN_COLUMN = define(
    "workbook-unknown-column",
    G,
    "Незнакомый заголовок столбца",
    "Заголовки первой строки листа — названия столбцов таблицы; незнакомый заголовок не загружается, "
    "и его данные потерялись бы.",
    "заголовок столбца не относится к этому листу.",
    "исправьте заголовок на один из: {expected}; лишний столбец удалите.",
    Example(
        BOOK,
        sheet=VALUES,
        cell="I1",
        row=1,
        column="I",
        value="Комментарий",
        params={"expected": "«Значение», «Примечание»"},
    ),
)
COLUMN_TWICE = define(
    "workbook-column-twice",
    G,
    "Столбец дважды",
    "У каждого столбца листа свой заголовок; два столбца с одним заголовком непонятно как загружать.",
    "столбец «{title}» уже есть на листе (столбец {first}).",
    "оставьте один столбец «{title}», второй удалите или переименуйте.",
    Example(BOOK, sheet=VALUES, cell="I1", row=1, column="I", params={"title": "Значение", "first": "G"}),
)
NOT_A_NUMBER = define(
    "workbook-not-a-number",
    G,
    "В ячейке не число",
    "В числовой ячейке — число: цифры, дробная часть через запятую или точку; пробелы между разрядами допускаются.",
    "в ячейке не число.",
    "{advice}",
    Example(
        BOOK,
        sheet=VALUES,
        cell="G7",
        row=7,
        column="Значение",
        value="около 50",
        params={"advice": "впишите только число, например 50 или 12,5; пояснение напишите в столбце «Примечание»."},
    ),
)
DATE_NOT_NUMBER = define(
    "workbook-date",
    G,
    "Дата вместо числа",
    "Excel превращает набранное «1.5» или «3/4» в дату; в числовой ячейке дата не принимается.",
    "в ячейке дата {date}, а нужно число: похоже, табличный редактор превратил набранное число в дату.",
    "выберите для ячейки формат «Числовой» («Формат ячеек → Число») и впишите число заново, "
    "дробную часть через запятую: 1,5.",
    Example(BOOK, sheet=VALUES, cell="G9", row=9, column="Значение", value="01.05.2026", params={"date": "01.05.2026"}),
)
YES_NO = define(
    "workbook-yes-no",
    G,
    "Нужно «да» или «нет»",
    "Показатель «да/нет» заполняется выбором из списка: «да» (1) или «нет» (0).",
    "в ячейке показателя «да/нет» другое значение.",
    "выберите в ячейке «да» или «нет» из списка (можно вписать 1 или 0).",
    Example(BOOK, sheet=VALUES, cell="G4", row=4, column="Значение", value="есть"),
)
FORMULA_NO_VALUE = define(
    "workbook-formula-no-value",
    G,
    "Формула без вычисленного значения",
    "Из ячейки с формулой загружается значение, которое табличный редактор вычислил и сохранил; "
    "книга, созданная программой и не открывавшаяся в Excel или LibreOffice, таких значений не хранит.",
    "в ячейке формула {formula}, но её значение не сохранено в книге.",
    "откройте книгу в Excel или LibreOffice Calc и сохраните её (значения формул будут вычислены), "
    "или впишите в ячейку само число вместо формулы.",
    Example(BOOK, sheet=VALUES, cell="G12", row=12, column="Значение", params={"formula": "«=B2/B3»"}),
)
FORMULA_ERROR = define(
    "workbook-formula-error",
    G,
    "Ошибка в ячейке",
    "Ячейка хранит ошибку вычисления (#ДЕЛ/0!, #ССЫЛКА!, #Н/Д, #DIV/0!, #REF!) вместо значения.",
    "в ячейке ошибка вычисления.",
    "исправьте формулу в ячейке или впишите само значение.",
    Example(BOOK, sheet=VALUES, cell="G12", row=12, column="Значение", value="#DIV/0!"),
)
PAIR_TWICE = define(
    "workbook-pair-twice",
    G,
    "Значение дважды",
    "Значение одной организации по одному показателю загружается из одной строки одной книги.",
    "значение этой организации по этому показателю уже есть: {other}.",
    "оставьте одну строку: удалите лишнюю или загрузите книги по отдельности, если одна из них — исправление.",
    Example(
        BOOK,
        sheet=VALUES,
        cell="A9",
        row=9,
        column="Организация",
        value="sch-01",
        params={"other": "2026-sch-01 (2).xlsx, лист «Значения», строка 9"},
    ),
)
