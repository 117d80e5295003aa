/**
 * 廉政档案 (a person's integrity file), reached from the ledger: the person, whether they are under
 * an effect period today, and every record in the reader's scope, oldest first, with its period,
 * what remains, the days carried from an earlier one, the appeals and 留党察看's end. Reading it
 * is audited by the server. Out of scope or unknown: not found.
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { type IntegrityFile, type IntegrityRecord, getIntegrityFile } from './sanctionsApi.js';
import { effectPeriodColumn, sanctionLineColumns } from './sanctionColumns.js';

/** The integrity file page. */
export function IntegrityFilePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [file, setFile] = useState<IntegrityFile | null>(null);
  const [state, setState] = useState<'loading' | 'missing' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getIntegrityFile(id)
      .then((f) => {
        if (!live) return;
        setFile(f);
        setState('ok');
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setState('missing');
        else {
          setError(errorMessage(err));
          setState('error');
        }
      });
    return () => {
      live = false;
    };
  }, [id]);

  const back = (
    <Link to="/sanctions" aria-label={t('common.back')}>
      <ArrowLeftOutlined />
    </Link>
  );
  if (state === 'loading') return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (state === 'missing') return <Result status="404" title={t('sanction.integrity.notFound')} extra={back} />;
  if (state === 'error' || !file)
    return (
      <PageContainer title={t('sanction.integrity.title')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );

  const columns: TableColumnsType<IntegrityRecord> = [
    ...sanctionLineColumns<IntegrityRecord>(t, 'integrity-sanction-link'),
    { title: t('sanction.decisionRef'), dataIndex: 'decisionRef', width: 160, render: (v: string | null) => v ?? '—' },
    effectPeriodColumn<IntegrityRecord>(t, file.today, 280),
    {
      title: t('sanction.integrity.remainder'),
      dataIndex: 'remainder',
      width: 120,
      render: (v: IntegrityRecord['remainder'], r) =>
        r.underEffect && v ? (
          <span data-testid="integrity-remainder">{t('sanction.integrity.remainderValue', v)}</span>
        ) : (
          '—'
        ),
    },
    {
      title: t('sanction.integrity.more'),
      dataIndex: 'appeals',
      render: (_: unknown, r) => (
        <Space direction="vertical" size={2}>
          {r.appeals.map((a) => (
            <span key={a.id}>
              {a.kindLabel ?? t(`sanction.appeals.kinds.${a.kind}`, { defaultValue: a.kind })}（
              {formatDate(a.appliedOn)}）
              {a.outcome ? `：${t(`sanction.appeals.outcomes.${a.outcome}`, { defaultValue: a.outcome })}` : ''}
            </span>
          ))}
          {r.restoration ? (
            <span>
              {t(`sanction.probationOutcomes.${r.restoration.outcome}`, { defaultValue: r.restoration.outcome })}
              {r.restoration.on ? `（${formatDate(r.restoration.on)}）` : ''}
            </span>
          ) : null}
          {r.readmissionAfter ? (
            <span>{t('sanction.effect.readmission', { on: formatDate(r.readmissionAfter) })}</span>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={
        <Space>
          {back}
          <span data-testid="integrity-title">{t('sanction.integrity.titleOf', { name: file.subject.name })}</span>
        </Space>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="integrity-person">
          <Descriptions.Item label={t('sanction.person')}>{file.subject.name}</Descriptions.Item>
          <Descriptions.Item label={t('sanction.position')}>{file.subject.position || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sanction.employer')}>{file.subject.employer || '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="integrity-under-effect">
          {file.underEffect ? (
            <Tag color="red">{t('sanction.integrity.underEffect', { date: formatDate(file.today) })}</Tag>
          ) : (
            <Tag color="green">{t('sanction.integrity.clear', { date: formatDate(file.today) })}</Tag>
          )}
        </Typography.Paragraph>
      </Card>
      <Table<IntegrityRecord>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={file.records}
        columns={columns}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('sanction.integrity.empty') }}
        data-testid="integrity-records"
      />
    </PageContainer>
  );
}
