/**
 * 处理结果 tab of the case page (a closed case): the outcomes the review's decision drafted for
 * each person, their state and period, each linked to its page, and the warning when a party
 * member's party and state outcomes do not match (撤职 or heavier by the state needs 撤销党内职务
 * or heavier from the party). Shown to readers with sanction.read.
 */
import { useEffect, useState } from 'react';
import { Alert, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.js';
import { errorMessage } from '../../api/request.js';
import type { CaseDetail } from '../../api/cases.js';
import { PARTY_SANCTIONS, SANCTION_WARNING_LABELS, type SanctionLine, listCaseSanctions } from './sanctionsApi.js';
import { effectPeriodColumn, sanctionLineColumns } from './sanctionColumns.js';

/** The states whose outcomes count for the match (a withdrawn or revoked one does not). */
const LIVE = ['drafted', 'submitted', 'decided'];

/**
 * The people whose state sanction is 撤职 or 开除 while their party sanction is lighter than
 * 撤销党内职务 (the rule of issue 14 §3, as the engine warns): the console's own reading of the
 * lines, for when the answer carries no warnings.
 */
export function mismatchedPeople(lines: readonly SanctionLine[]): string[] {
  const byPerson = new Map<string, SanctionLine[]>();
  for (const l of lines.filter((x) => LIVE.includes(x.status))) {
    const key = l.subjectId ?? l.personName;
    byPerson.set(key, [...(byPerson.get(key) ?? []), l]);
  }
  const out: string[] = [];
  for (const list of byPerson.values()) {
    const heavyState = list.some((l) => l.system === 'state' && (l.kind === 'removal' || l.kind === 'discharge'));
    const party = list.find((l) => l.system === 'party');
    const light = party && PARTY_SANCTIONS.indexOf(party.kind as never) < PARTY_SANCTIONS.indexOf('post_removal');
    if (heavyState && light) out.push(list[0]!.personName);
  }
  return out;
}

/** The tab. */
export function CaseSanctionsTab({ kase }: { kase: CaseDetail; reload: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [lines, setLines] = useState<SanctionLine[] | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The server's date: a browser with a wrong clock must not count the periods wrong.
  const [today, setToday] = useState('');
  const allowed = can('sanction.read');

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    listCaseSanctions(kase.id)
      .then((answer) => {
        if (!live) return;
        const items = answer.items;
        const given = answer.warnings;
        setLines(items);
        setToday(answer.today);
        setWarnings(
          given
            ? given.map((w) =>
                [
                  w.personName,
                  w.reason ?? SANCTION_WARNING_LABELS[w.code as keyof typeof SANCTION_WARNING_LABELS] ?? w.code,
                ]
                  .filter(Boolean)
                  .join('：'),
              )
            : mismatchedPeople(items).map((name) => `${name}：${SANCTION_WARNING_LABELS.party_state_mismatch}`),
        );
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [kase.id, allowed]);

  if (!allowed) return <Typography.Text type="secondary">{t('sanction.caseTab.noRight')}</Typography.Text>;
  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <div data-testid="case-sanctions">
      {warnings.map((w) => (
        <Alert
          key={w}
          type="warning"
          showIcon
          message={w}
          style={{ marginBottom: 12 }}
          data-testid="case-sanctions-warning"
        />
      ))}
      {lines && lines.length === 0 ? (
        <Empty description={t('sanction.caseTab.none')} />
      ) : (
        <Table<SanctionLine>
          rowKey="id"
          size="small"
          pagination={false}
          loading={lines === null}
          dataSource={lines ?? []}
          scroll={{ x: 900 }}
          data-testid="case-sanctions-table"
          columns={[
            { title: t('sanction.person'), dataIndex: 'personName', width: 120 },
            ...sanctionLineColumns<SanctionLine>(t, 'case-sanction-link'),
            effectPeriodColumn<SanctionLine>(t, today),
          ]}
        />
      )}
    </div>
  );
}
