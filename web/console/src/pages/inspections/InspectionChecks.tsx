/**
 * 逐项检查: the team works through a checklist on a target item by item, one item per screen (a
 * phone held in one hand): what to check and how, the evidence it requires, 符合 / 不符合 / 不适用,
 * a note, photos taken with the camera (or files) uploaded at once and sealed by the server
 * (metadata stripped). The server refuses an item without its required evidence
 * (INSPECTION_EVIDENCE_MISSING), shown in words. An item found wanting opens a finding; the leader
 * or the organiser is asked for its next step right away. All items are listed below, each with
 * its result, to jump to.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Input, List, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import { CameraOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  CHECK_RESULTS,
  type CheckFile,
  type Finding,
  type Inspection,
  checkFileUrl,
  recordCheck,
  uploadCheckFile,
} from '../../api/inspections.js';
import { errorMessage } from '../../api/request.js';

const RESULT_COLORS: Record<string, string> = { pass: 'green', wanting: 'red', not_applicable: 'default' };

/** The checklist work of an inspection in progress. */
export function InspectionChecks({
  inspection,
  onChange,
  canDecide,
  onFindingOpened,
}: {
  inspection: Inspection;
  onChange: (next: Inspection) => void;
  canDecide: boolean;
  onFindingOpened: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const [targetId, setTargetId] = useState(inspection.targets[0]?.id ?? '');
  const [checklistId, setChecklistId] = useState(inspection.checklists[0]?.id ?? '');
  const [index, setIndex] = useState(0);
  const [result, setResult] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<{ id: string; name: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const checklist = inspection.checklists.find((c) => c.id === checklistId) ?? inspection.checklists[0];
  const items = checklist?.items ?? [];
  const item = items[Math.min(index, Math.max(items.length - 1, 0))];
  const checkOf = useMemo(() => {
    const m = new Map<string, Inspection['checks'][number]>();
    for (const c of inspection.checks)
      if (c.targetId === targetId && c.checklistId === checklist?.id) m.set(c.itemCode, c);
    return m;
  }, [inspection.checks, targetId, checklist?.id]);
  const recorded = item ? checkOf.get(item.code) : undefined;

  // The item's recorded result, note and files, when it has them.
  useEffect(() => {
    setResult(recorded?.result ?? null);
    setNote(recorded?.note ?? '');
    setFiles(recorded?.files.map((f) => ({ id: f.id, name: f.name })) ?? []);
    setError(null);
    // Only when the item changes: a save refreshes `recorded` with what the form already shows.
  }, [item?.code, targetId, checklist?.id]);

  if (inspection.status !== 'in_progress') {
    return <Alert type="info" showIcon message={t('inspection.check.notStarted')} data-testid="checks-not-started" />;
  }
  if (!checklist || !item) return null;

  const upload = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const stored: CheckFile[] = [];
      for (const f of Array.from(list)) stored.push(await uploadCheckFile(inspection.id, f));
      setFiles((prev) => [...prev, ...stored.map((s) => ({ id: s.id, name: s.name }))]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const save = async () => {
    if (!result) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await recordCheck(inspection.id, {
        version: inspection.version,
        targetId,
        checklistId: checklist.id,
        itemCode: item.code,
        result: result as (typeof CHECK_RESULTS)[number],
        note: note.trim() || null,
        fileIds: files.map((f) => f.id),
      });
      onChange(next);
      const check = next.checks.find(
        (c) => c.targetId === targetId && c.checklistId === checklist.id && c.itemCode === item.code,
      );
      const finding = check ? next.findings.find((f) => f.checkId === check.id) : undefined;
      if (result === 'wanting' && finding) {
        // A member records the finding; what happens to it is the leader's or the organiser's.
        setNotice(
          canDecide
            ? t('inspection.check.findingOpened', { seq: finding.seq })
            : t('inspection.check.findingOpenedForLeader', { seq: finding.seq }),
        );
        if (canDecide && !finding.nextStep) onFindingOpened(finding);
      } else if (index < items.length - 1) {
        setIndex(index + 1);
      } else {
        setNotice(t('inspection.check.saved'));
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const done = items.filter((i) => checkOf.has(i.code)).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="checks">
      {inspection.targets.length > 1 || inspection.checklists.length > 1 ? (
        <Flex gap={8} wrap>
          <Select
            value={targetId}
            onChange={(v) => {
              setTargetId(v);
              setIndex(0);
            }}
            options={inspection.targets.map((x) => ({ value: x.id, label: x.label }))}
            style={{ minWidth: 160, flex: 1 }}
            data-testid="checks-target"
          />
          <Select
            value={checklist.id}
            onChange={(v) => {
              setChecklistId(v);
              setIndex(0);
            }}
            options={inspection.checklists.map((c) => ({ value: c.id, label: c.title }))}
            style={{ minWidth: 160, flex: 1 }}
            data-testid="checks-checklist"
          />
        </Flex>
      ) : (
        <Typography.Text type="secondary">
          {inspection.targets[0]?.label} · {checklist.title}
        </Typography.Text>
      )}
      <div data-testid="checks-progress">
        <Typography.Text>{t('inspection.check.progress', { done, total: items.length })}</Typography.Text>
        <Progress percent={Math.round((done / Math.max(items.length, 1)) * 100)} showInfo={false} size="small" />
      </div>
      <Card
        size="small"
        data-testid="check-item"
        title={
          <Flex justify="space-between" align="center" wrap gap={4}>
            <span>{t('inspection.check.item', { n: index + 1, total: items.length })}</span>
            {item.category ? <Tag>{item.category}</Tag> : null}
          </Flex>
        }
      >
        <Typography.Paragraph strong style={{ fontSize: 16 }} data-testid="check-item-label">
          {item.label}
        </Typography.Paragraph>
        {item.method ? (
          <Typography.Paragraph type="secondary">
            {t('inspection.check.method')}：{item.method}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph>
          {t('inspection.check.evidence')}：
          <Tag color={item.evidence === 'none' ? 'default' : 'blue'} data-testid="check-evidence">
            {t(`inspection.evidence.${item.evidence}`)}
          </Tag>
        </Typography.Paragraph>
        {recorded ? (
          <Typography.Paragraph data-testid="check-recorded">
            <Tag color={RESULT_COLORS[recorded.result]}>
              {t('inspection.check.recorded', { result: t(`inspection.results.${recorded.result}`) })}
            </Tag>
          </Typography.Paragraph>
        ) : null}
        <Radio.Group
          value={result}
          onChange={(e) => setResult(e.target.value as string)}
          optionType="button"
          buttonStyle="solid"
          style={{ display: 'flex', width: '100%', marginBottom: 12 }}
          data-testid="check-result"
        >
          {CHECK_RESULTS.map((r) => (
            <Radio.Button key={r} value={r} style={{ flex: 1, textAlign: 'center', height: 44, lineHeight: '42px' }}>
              <span data-testid={`check-result-${r}`}>{t(`inspection.results.${r}`)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('inspection.check.notePlaceholder')}
          maxLength={2000}
          style={{ marginBottom: 12 }}
          data-testid="check-note"
        />
        <input
          ref={fileInput}
          type="file"
          accept="image/*,application/pdf"
          capture="environment"
          multiple
          style={{ display: 'none' }}
          onChange={(e) => void upload(e.target.files)}
          data-testid="check-photo-input"
        />
        <Button
          icon={<CameraOutlined />}
          block
          size="large"
          loading={busy && !result}
          onClick={() => fileInput.current?.click()}
          data-testid="check-photo"
        >
          {t('inspection.check.photo')}
        </Button>
        {files.length > 0 ? (
          <List
            size="small"
            header={t('inspection.check.files')}
            dataSource={files}
            data-testid="check-files"
            renderItem={(f) => (
              <List.Item>
                <a href={checkFileUrl(inspection.id, f.id)} download>
                  {f.name}
                </a>
              </List.Item>
            )}
          />
        ) : null}
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="check-error" />
        ) : null}
        {notice ? (
          <Alert type="warning" showIcon message={notice} style={{ marginTop: 12 }} data-testid="check-notice" />
        ) : null}
        <Flex gap={8} style={{ marginTop: 12 }}>
          <Button
            icon={<LeftOutlined />}
            disabled={index === 0}
            onClick={() => {
              setNotice(null);
              setIndex(index - 1);
            }}
            aria-label={t('inspection.check.prev')}
            title={t('inspection.check.prev')}
            data-testid="check-prev"
          />
          <Button
            type="primary"
            style={{ flex: 1 }}
            disabled={!result}
            loading={busy}
            onClick={() => void save()}
            data-testid="check-save"
          >
            {t('inspection.check.save')}
          </Button>
          <Button
            disabled={index >= items.length - 1}
            onClick={() => {
              setNotice(null);
              setIndex(index + 1);
            }}
            icon={<RightOutlined />}
            aria-label={t('inspection.check.next')}
            title={t('inspection.check.next')}
            data-testid="check-next"
          />
        </Flex>
      </Card>
      <Card size="small" title={t('inspection.check.list')}>
        <List
          size="small"
          dataSource={items}
          data-testid="check-list"
          renderItem={(it, i) => {
            const c = checkOf.get(it.code);
            return (
              <List.Item
                onClick={() => {
                  setNotice(null);
                  setIndex(i);
                }}
                style={{ cursor: 'pointer', background: i === index ? '#e6f4ff' : undefined }}
              >
                <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                  <span>
                    {i + 1}. {it.label}
                  </span>
                  {c ? <Tag color={RESULT_COLORS[c.result]}>{t(`inspection.results.${c.result}`)}</Tag> : null}
                </Flex>
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}
