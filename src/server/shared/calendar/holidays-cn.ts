/**
 * Official public-holiday arrangements of the People's Republic of China, as published each year by
 * the General Office of the State Council (国务院办公厅关于XXXX年部分节假日安排的通知).
 *
 * Data conventions:
 * - kind 'holiday': every day of the official holiday span, including Saturdays and Sundays inside
 *   the span, so that a UI can render the whole break. Where a notice says a single day is "与周末连休"
 *   (joined with the weekend), the adjoining weekend days are listed too, because that is the break the
 *   notice describes. Weekend days listed as 'holiday' do not change any computation (they are rest
 *   days anyway); only weekday holidays matter.
 * - kind 'workday': a make-up working day (调休上班) falling on a Saturday or Sunday.
 * - Dates are Asia/Shanghai calendar dates in YYYY-MM-DD form.
 *
 * Verification (done when this file was written, against the notice texts as republished by Xinhua,
 * People's Daily, gov.cn mirrors and zh.wikisource): every date below was checked against the notice
 * wording quoted in the comment next to it, and the test suite re-checks the weekday annotations and
 * the "weekday holidays − make-up workdays = statutory days" balance for every year.
 * - 2020: 国办发明电〔2019〕16号, as amended by 国办发明电〔2020〕1号 (COVID-19 extension of the Spring
 *   Festival to 2 February, which also cancelled the make-up workday of Saturday 1 February).
 * - 2021: 国办发明电〔2020〕27号.  2022: 国办发明电〔2021〕11号.  2023: 国办发明电〔2022〕16号.
 * - 2024: 国办发明电〔2023〕7号.  2025: 国办发明电〔2024〕12号.
 * - 2026: notice dated 2025-11-04. The dates were checked against the full notice text (Xinhua / gmw.cn);
 *   the document number 国办发明电〔2025〕7号 did not appear in the republished texts and was confirmed
 *   only from several independent secondary sources that cite the gov.cn policy-library entry.
 * - 2019 and earlier were not added: nothing in this platform needs them, and they were not verified.
 * - 2027 is not included: its notice had not been published / could not be verified when this file was
 *   written. Calendars report such years through `uncoveredYears` instead of guessing.
 *
 * Statutory basis: 《全国年节及纪念日放假办法》. Up to 2024 there were 11 statutory days off a year.
 * The 2024 revision (国务院令第795号, in force 2025-01-01) added 除夕 (Lunar New Year's Eve) and 2 May, making
 * 13 days; the 2025 notice says so explicitly ("全体公民放假的假日增加2天，其中春节、劳动节各增加1天").
 */

/** Whether a listed day is a day off ('holiday') or a weekend make-up working day ('workday'). */
export type DayKind = 'holiday' | 'workday';

/** One day of an official arrangement: an Asia/Shanghai date, its kind and a Chinese label. */
export interface CalendarEntry {
  /** Calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly kind: DayKind;
  /** Chinese label, e.g. 春节 for a day off, 春节调休 for its make-up working day. */
  readonly name: string;
}

/** The arrangement of one calendar year as published in one State Council General Office notice. */
export interface YearArrangement {
  readonly year: number;
  /** Document number(s) of the notice(s) the data comes from. */
  readonly source: string;
  readonly days: readonly CalendarEntry[];
}

const DAY_MS = 86_400_000;

/** Expands an inclusive span of days off into 'holiday' entries. */
function off(name: string, first: string, last: string): CalendarEntry[] {
  const from = Date.parse(`${first}T00:00:00Z`);
  const to = Date.parse(`${last}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from || to - from > 15 * DAY_MS) {
    throw new RangeError(`Bad holiday span ${first}..${last}`);
  }
  const out: CalendarEntry[] = [];
  for (let t = from; t <= to; t += DAY_MS) {
    out.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
}

/** Lists weekend make-up working days (调休上班). */
function work(name: string, ...dates: string[]): CalendarEntry[] {
  return dates.map((date) => ({ date, kind: 'workday' as const, name }));
}

function year(y: number, source: string, days: CalendarEntry[][]): YearArrangement {
  const flat = days.flat().map((d) => Object.freeze(d));
  return Object.freeze({ year: y, source, days: Object.freeze(flat) });
}

/** Official holiday and make-up-workday arrangements for every verified year, oldest first. */
export const OFFICIAL_ARRANGEMENTS: readonly YearArrangement[] = Object.freeze([
  year(2020, '国办发明电〔2019〕16号；国办发明电〔2020〕1号（延长2020年春节假期）', [
    // 元旦：2020年1月1日放假，共1天。
    off('元旦', '2020-01-01', '2020-01-01'),
    // 春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。
    // 国办发明电〔2020〕1号：延长2020年春节假期至2月2日（星期日），2月3日（星期一）起正常上班。
    // The extension absorbed Saturday 1 February, so that make-up workday no longer applies.
    off('春节', '2020-01-24', '2020-02-02'),
    work('春节调休', '2020-01-19'),
    // 清明节：4月4日至6日放假调休，共3天。
    off('清明节', '2020-04-04', '2020-04-06'),
    // 劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
    off('劳动节', '2020-05-01', '2020-05-05'),
    work('劳动节调休', '2020-04-26', '2020-05-09'),
    // 端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
    off('端午节', '2020-06-25', '2020-06-27'),
    work('端午节调休', '2020-06-28'),
    // 国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。
    off('国庆节、中秋节', '2020-10-01', '2020-10-08'),
    work('国庆节、中秋节调休', '2020-09-27', '2020-10-10'),
  ]),
  year(2021, '国办发明电〔2020〕27号', [
    // 元旦：2021年1月1日至3日放假，共3天。
    off('元旦', '2021-01-01', '2021-01-03'),
    // 春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
    off('春节', '2021-02-11', '2021-02-17'),
    work('春节调休', '2021-02-07', '2021-02-20'),
    // 清明节：4月3日至5日放假调休，共3天。
    off('清明节', '2021-04-03', '2021-04-05'),
    // 劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
    off('劳动节', '2021-05-01', '2021-05-05'),
    work('劳动节调休', '2021-04-25', '2021-05-08'),
    // 端午节：6月12日至14日放假，共3天。
    off('端午节', '2021-06-12', '2021-06-14'),
    // 中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
    off('中秋节', '2021-09-19', '2021-09-21'),
    work('中秋节调休', '2021-09-18'),
    // 国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。
    off('国庆节', '2021-10-01', '2021-10-07'),
    work('国庆节调休', '2021-09-26', '2021-10-09'),
  ]),
  year(2022, '国办发明电〔2021〕11号', [
    // 元旦：2022年1月1日至3日放假，共3天。
    off('元旦', '2022-01-01', '2022-01-03'),
    // 春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
    off('春节', '2022-01-31', '2022-02-06'),
    work('春节调休', '2022-01-29', '2022-01-30'),
    // 清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
    off('清明节', '2022-04-03', '2022-04-05'),
    work('清明节调休', '2022-04-02'),
    // 劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
    off('劳动节', '2022-04-30', '2022-05-04'),
    work('劳动节调休', '2022-04-24', '2022-05-07'),
    // 端午节：6月3日至5日放假，共3天。
    off('端午节', '2022-06-03', '2022-06-05'),
    // 中秋节：9月10日至12日放假，共3天。
    off('中秋节', '2022-09-10', '2022-09-12'),
    // 国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
    off('国庆节', '2022-10-01', '2022-10-07'),
    work('国庆节调休', '2022-10-08', '2022-10-09'),
  ]),
  year(2023, '国办发明电〔2022〕16号', [
    // 元旦：2022年12月31日至2023年1月2日放假调休，共3天。
    off('元旦', '2022-12-31', '2023-01-02'),
    // 春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
    off('春节', '2023-01-21', '2023-01-27'),
    work('春节调休', '2023-01-28', '2023-01-29'),
    // 清明节：4月5日放假，共1天。
    off('清明节', '2023-04-05', '2023-04-05'),
    // 劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
    off('劳动节', '2023-04-29', '2023-05-03'),
    work('劳动节调休', '2023-04-23', '2023-05-06'),
    // 端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
    off('端午节', '2023-06-22', '2023-06-24'),
    work('端午节调休', '2023-06-25'),
    // 中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
    off('中秋节、国庆节', '2023-09-29', '2023-10-06'),
    work('中秋节、国庆节调休', '2023-10-07', '2023-10-08'),
  ]),
  year(2024, '国办发明电〔2023〕7号', [
    // 元旦：1月1日放假，与周末连休。 (Sat 2023-12-30 and Sun 2023-12-31 are the joined weekend.)
    off('元旦', '2023-12-30', '2024-01-01'),
    // 春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
    // 除夕 (2月9日) was only "encouraged" as a day off via annual leave, so it is not listed.
    off('春节', '2024-02-10', '2024-02-17'),
    work('春节调休', '2024-02-04', '2024-02-18'),
    // 清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
    off('清明节', '2024-04-04', '2024-04-06'),
    work('清明节调休', '2024-04-07'),
    // 劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
    off('劳动节', '2024-05-01', '2024-05-05'),
    work('劳动节调休', '2024-04-28', '2024-05-11'),
    // 端午节：6月10日放假，与周末连休。 (Sat 8 and Sun 9 June are the joined weekend.)
    off('端午节', '2024-06-08', '2024-06-10'),
    // 中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
    off('中秋节', '2024-09-15', '2024-09-17'),
    work('中秋节调休', '2024-09-14'),
    // 国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
    off('国庆节', '2024-10-01', '2024-10-07'),
    work('国庆节调休', '2024-09-29', '2024-10-12'),
  ]),
  year(2025, '国办发明电〔2024〕12号', [
    // 元旦：1月1日（周三）放假1天，不调休。
    off('元旦', '2025-01-01', '2025-01-01'),
    // 春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    // 1月26日（周日）、2月8日（周六）上班。
    off('春节', '2025-01-28', '2025-02-04'),
    work('春节调休', '2025-01-26', '2025-02-08'),
    // 清明节：4月4日（周五）至6日（周日）放假，共3天。
    off('清明节', '2025-04-04', '2025-04-06'),
    // 劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
    off('劳动节', '2025-05-01', '2025-05-05'),
    work('劳动节调休', '2025-04-27'),
    // 端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    off('端午节', '2025-05-31', '2025-06-02'),
    // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    off('国庆节、中秋节', '2025-10-01', '2025-10-08'),
    work('国庆节、中秋节调休', '2025-09-28', '2025-10-11'),
  ]),
  year(2026, '国办发明电〔2025〕7号', [
    // 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    off('元旦', '2026-01-01', '2026-01-03'),
    work('元旦调休', '2026-01-04'),
    // 春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    // 2月14日（周六）、2月28日（周六）上班。
    off('春节', '2026-02-15', '2026-02-23'),
    work('春节调休', '2026-02-14', '2026-02-28'),
    // 清明节：4月4日（周六）至6日（周一）放假，共3天。
    off('清明节', '2026-04-04', '2026-04-06'),
    // 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    off('劳动节', '2026-05-01', '2026-05-05'),
    work('劳动节调休', '2026-05-09'),
    // 端午节：6月19日（周五）至21日（周日）放假，共3天。
    off('端午节', '2026-06-19', '2026-06-21'),
    // 中秋节：9月25日（周五）至27日（周日）放假，共3天。
    off('中秋节', '2026-09-25', '2026-09-27'),
    // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    off('国庆节', '2026-10-01', '2026-10-07'),
    work('国庆节调休', '2026-09-20', '2026-10-10'),
  ]),
]);
