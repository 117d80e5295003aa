/**
 * 概况 tab of the case page: the filing request's content (problems, basis, conditions, the
 * direct filing's reason or the clue it came from), the subjects, and the dates the filing was
 * announced to the person and notified to their organisation, with the form that records them.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CASE_WORKING_STATES, FILING_CONDITIONS, recordFilingNotice } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { fromPickerDate, toPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { CaseReviewLink } from '../reviews/CaseReviewLink.js';
import type { CaseTabProps } from './caseTabs.js';

/** The announcement and notice dates, with 登记日期 for the team or supervisors of a filed case. */
function NoticeCard({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ announcedOn?: Dayjs | null; notifiedOn?: Dayjs | null }>();
  const may = kase.can.manage && CASE_WORKING_STATES.includes(kase.status);
  const date = (v: string | null) =>
    v ? formatDate(v) : <Typography.Text type="secondary">{t('case.notice.none')}</Typography.Text>;
  async function save(v: { announcedOn?: Dayjs | null; notifiedOn?: Dayjs | null }) {
    setSaving(true);
    setError(null);
    try {
      await recordFilingNotice(kase.id, {
        version: kase.version,
        announcedOn: fromPickerDate(v.announcedOn ?? null),
        notifiedOn: fromPickerDate(v.notifiedOn ?? null),
      });
      setOpen(false);
      reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card
      size="small"
      title={t('case.notice.title')}
      style={{ marginBottom: 16 }}
      data-testid="case-notice"
      extra={
        may ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="case-notice-record">
            {t('case.notice.record')}
          </Button>
        ) : null
      }
    >
      {kase.filedOn && (!kase.announcedOn || !kase.notifiedOn) ? (
        <Typography.Paragraph type="secondary">{t('case.notice.hint')}</Typography.Paragraph>
      ) : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('case.notice.announcedOn')}>
          <span data-testid="case-announced-on">{date(kase.announcedOn)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.notice.notifiedOn')}>
          <span data-testid="case-notified-on">{date(kase.notifiedOn)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Modal
        open={open}
        title={t('case.notice.title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'case-notice-save' } as Record<string, string>) }}
        destroyOnHidden
      >
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="case-notice-error" />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ announcedOn: toPickerDate(kase.announcedOn), notifiedOn: toPickerDate(kase.notifiedOn) }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="announcedOn" label={t('case.notice.announcedOn')}>
            <DatePicker data-testid="case-announced-input" />
          </Form.Item>
          <Form.Item name="notifiedOn" label={t('case.notice.notifiedOn')}>
            <DatePicker data-testid="case-notified-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The tab. */
export function CaseOverviewTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const yes = (v: boolean) => (v ? t('case.overview.yes') : t('case.overview.no'));
  const dash = (v: string | null) => v || '—';
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1} bordered data-testid="case-overview">
          <Descriptions.Item label={t('case.target.label')}>{t(`case.target.${kase.targetKind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.overview.summary')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {kase.summary}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.overview.basis')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {kase.basis}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.overview.conditions')}>
            <Space direction="vertical" size={2}>
              {FILING_CONDITIONS.filter((c) => kase.conditions.includes(c)).map((c) => (
                <span key={c}>✓ {t(`case.condition.${c}`)}</span>
              ))}
            </Space>
          </Descriptions.Item>
          {kase.directReason ? (
            <Descriptions.Item label={t('case.overview.directReason')}>{kase.directReason}</Descriptions.Item>
          ) : null}
          {kase.clueId ? (
            <Descriptions.Item label={t('case.overview.clue')}>
              <Link to={`/clues/${kase.clueId}`} data-testid="case-clue-link">
                {t('case.overview.openClue')}
              </Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('case.filingUnit')}>{kase.filingUnit.name}</Descriptions.Item>
          {kase.coOrgan ? <Descriptions.Item label={t('case.coOrgan')}>{kase.coOrgan}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card size="small" title={t('case.overview.subjects')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={kase.subjects}
          data-testid="case-subjects"
          columns={[
            { title: t('clue.subjectName'), dataIndex: 'name' },
            { title: t('case.overview.position'), dataIndex: 'position', render: dash },
            { title: t('case.overview.employer'), dataIndex: 'employer', render: dash },
            {
              title: t('clue.rank.label'),
              dataIndex: 'rank',
              render: (r: string | null) => (r ? <Tag color="red">{t(`clue.rank.${r}`)}</Tag> : '—'),
            },
            { title: t('case.overview.partyMember'), dataIndex: 'partyMember', render: yes },
            { title: t('case.overview.supervised'), dataIndex: 'supervised', render: yes },
          ]}
        />
      </Card>
      {kase.filedOn ? <NoticeCard kase={kase} reload={reload} /> : null}
      <CaseReviewLink kase={kase} reload={reload} />
    </>
  );
}
