/**
 * The staff steps of a report (report.manage): 受理, 转办, 报送上级, 处置, 办结, 延期. Each modal
 * sends the row version it was opened with; a 409 CONFLICT means someone else changed the report,
 * so the page reloads it and says so.
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  FileDoneOutlined,
  NodeIndexOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/request.js';
import {
  CATEGORY_CODES,
  EXTENDABLE_DEADLINES,
  REPORT_KINDS,
  acceptReport,
  concludeReport,
  disposeReport,
  extendDeadline,
  forwardReport,
  transferReportUp,
} from '../../api/reports.js';
import type { Deadline, ExtendableDeadline, ReportCategory, ReportDetail, ReportKind } from '../../api/reports.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { ApproverSelect } from '../deadlines/ApproverSelect.js';

/** Which step a modal is for. */
export type ReportAction = 'accept' | 'forward' | 'transferUp' | 'dispose' | 'conclude' | 'extend';

/** The steps the report's status allows (the server checks again). */
export function allowedActions(report: ReportDetail): ReportAction[] {
  const out: ReportAction[] = [];
  if (report.status === 'received') out.push('accept');
  if (report.status === 'accepted') out.push('dispose');
  if (report.status === 'in_handling') out.push('conclude');
  if (report.status === 'received' || report.status === 'accepted') out.push('forward', 'transferUp');
  if (extendableDeadlines(report).length > 0) out.push('extend');
  return out;
}

/** Running time limits that may still be extended once. */
function extendableDeadlines(report: ReportDetail) {
  return report.deadlines.filter(
    (d): d is Deadline & { kind: ExtendableDeadline } =>
      !d.metAt &&
      d.extendable &&
      (EXTENDABLE_DEADLINES as readonly string[]).includes(d.kind) &&
      // A re-check clock held by the commission above is theirs to extend, not the handler's.
      (d.kind !== 'recheck' || report.recheck?.canAnswer === true),
  );
}

const ICONS: Record<ReportAction, ReactNode> = {
  accept: <CheckCircleOutlined />,
  forward: <NodeIndexOutlined />,
  transferUp: <UploadOutlined />,
  dispose: <SendOutlined />,
  conclude: <FileDoneOutlined />,
  extend: <ClockCircleOutlined />,
};

const TEST_IDS: Record<ReportAction, string> = {
  accept: 'report-accept',
  forward: 'report-forward',
  transferUp: 'report-transfer-up',
  dispose: 'report-dispose',
  conclude: 'report-conclude',
  extend: 'report-extend',
};

/** The action buttons of the detail page's header. */
export function ActionButtons({ report, onPick }: { report: ReportDetail; onPick: (action: ReportAction) => void }) {
  const { t } = useTranslation();
  const actions = allowedActions(report);
  const primary: ReportAction | undefined = actions[0] === 'extend' ? undefined : actions[0];
  return (
    <>
      {actions.map((action) => (
        <Button
          key={action}
          type={action === primary ? 'primary' : 'default'}
          icon={ICONS[action]}
          onClick={() => onPick(action)}
          data-testid={TEST_IDS[action]}
        >
          {t(`report.action.${action}`)}
        </Button>
      ))}
    </>
  );
}

interface ActionForm {
  kind?: ReportKind;
  categories?: ReportCategory[];
  note?: string;
  target?: 'unit' | 'body';
  toUnitId?: string | null;
  toBody?: string;
  disposition?: 'clue' | 'conclude' | 'keep_on_file';
  result?: string;
  deadlineKind?: ExtendableDeadline;
  reason?: string;
  approverId?: string;
}

/** The request of a step, as a call of src/api/reports.ts. */
function requestFor(action: ReportAction, report: ReportDetail, v: ActionForm): () => Promise<unknown> {
  const id = report.id;
  const note = v.note?.trim() || undefined;
  switch (action) {
    case 'accept':
      return () => acceptReport(id, { version: report.version, kind: v.kind, categories: v.categories, note });
    case 'forward':
      return () =>
        forwardReport(
          id,
          v.target === 'unit'
            ? { version: report.version, toUnitId: v.toUnitId ?? undefined, note }
            : { version: report.version, toBody: v.toBody?.trim(), note },
        );
    case 'transferUp':
      return () => transferReportUp(id, { version: report.version, toBody: v.toBody?.trim() || undefined, note });
    case 'dispose':
      return () =>
        disposeReport(id, {
          version: report.version,
          disposition: v.disposition ?? 'clue',
          note: v.note?.trim() ?? '',
        });
    case 'conclude':
      return () => concludeReport(id, { version: report.version, result: v.result?.trim() ?? '' });
    case 'extend':
      return () =>
        extendDeadline(id, { kind: v.deadlineKind!, reason: v.reason?.trim() ?? '', approverId: v.approverId });
  }
}

/** The modal of one step; `onDone(conflict)` reloads the report. */
export function ActionModal({
  action,
  report,
  onClose,
  onDone,
}: {
  action: ReportAction | null;
  report: ReportDetail;
  onClose: () => void;
  /** `left`: the report moved out of the caller's ledger (sent up on the platform). */
  onDone: (left?: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = Form.useWatch('target', form);
  const extendKind = Form.useWatch('deadlineKind', form);
  const extendable = useMemo(() => extendableDeadlines(report), [report]);

  const initialValues = useMemo<ActionForm>(
    () => ({
      kind: report.kind,
      categories: report.categories,
      target: 'unit',
      disposition: 'clue',
      deadlineKind: extendable[0]?.kind,
    }),
    [report, extendable],
  );

  const submit = async (values: ActionForm) => {
    if (!action) return;
    setSaving(true);
    setError(null);
    try {
      await requestFor(action, report, values)();
      // Sent up on the platform: the report now belongs to the county commission's ledger.
      const left = action === 'transferUp' && !values.toBody?.trim();
      message.success(left ? t('report.transferredOnPlatform') : t('common.done'));
      onDone(left);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        message.warning(t('report.conflict'));
        onDone();
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('common.required') };
  // The optional note that accepting, forwarding and sending up share.
  const noteField = (
    <Form.Item name="note" label={t('report.note')} rules={[{ max: 500 }]}>
      <Input.TextArea rows={2} data-testid="action-note" />
    </Form.Item>
  );
  const kindOptions = REPORT_KINDS.map((v) => ({ value: v, label: t(`report.kind.${v}`) }));
  const categoryOptions = CATEGORY_CODES.map((v) => ({ value: v, label: t(`report.category.${v}`) }));

  return (
    <Modal
      open={action !== null}
      title={action ? `${t(`report.action.${action}`)} · ${report.number ?? ''}` : ''}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="action-submit">
            {t('common.confirm')}
          </Button>
        </Space>
      }
    >
      <Form<ActionForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void submit(v)}
        data-testid="action-form"
      >
        {action === 'accept' ? (
          <>
            <Alert type="info" showIcon message={t('report.acceptHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="kind" label={t('report.kind.label')}>
              <Radio.Group options={kindOptions} />
            </Form.Item>
            <Form.Item name="categories" label={t('report.category.label')}>
              <Select mode="multiple" options={categoryOptions} maxCount={5} />
            </Form.Item>
            {noteField}
          </>
        ) : null}
        {action === 'forward' ? (
          <>
            <Form.Item name="target" label={t('report.forwardTarget')}>
              <Radio.Group
                options={[
                  { value: 'unit', label: t('report.forwardToUnit') },
                  { value: 'body', label: t('report.forwardToBody') },
                ]}
              />
            </Form.Item>
            {target === 'body' ? (
              <Form.Item name="toBody" label={t('report.forwardBodyName')} rules={[required, { min: 2, max: 60 }]}>
                <Input data-testid="action-to-body" />
              </Form.Item>
            ) : (
              <Form.Item name="toUnitId" label={t('report.forwardToUnit')} rules={[required]}>
                <UnitSelect kind="township_commission" data-testid="action-to-unit" />
              </Form.Item>
            )}
            {noteField}
          </>
        ) : null}
        {action === 'transferUp' ? (
          <>
            <Form.Item
              name="toBody"
              label={t('report.toBody')}
              extra={t('report.toBodyHint')}
              rules={[{ min: 2, max: 60 }]}
            >
              <Input data-testid="action-to-body" />
            </Form.Item>
            {noteField}
          </>
        ) : null}
        {action === 'dispose' ? (
          <>
            <Form.Item name="disposition" label={t('report.disposition.label')} rules={[required]}>
              <Radio.Group
                data-testid="dispose-disposition"
                options={(['clue', 'conclude', 'keep_on_file'] as const).map((v) => ({
                  value: v,
                  label: t(`report.disposition.${v}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('report.disposalNote')} rules={[required, { min: 2, max: 2000 }]}>
              <Input.TextArea rows={4} data-testid="action-note" />
            </Form.Item>
          </>
        ) : null}
        {action === 'conclude' ? (
          <Form.Item name="result" label={t('report.conclusionResult')} rules={[required, { min: 2, max: 2000 }]}>
            <Input.TextArea rows={4} data-testid="action-note" />
          </Form.Item>
        ) : null}
        {action === 'extend' ? (
          <>
            <Form.Item name="deadlineKind" label={t('report.extendKind')} rules={[required]}>
              <Select
                options={extendable.map((d) => ({
                  value: d.kind,
                  label: `${t(`deadline.kind.${d.kind}`)}（${d.dueOn}）`,
                }))}
              />
            </Form.Item>
            <Form.Item name="approverId" label={t('timer.approver')} extra={t('timer.approverHint')} rules={[required]}>
              <ApproverSelect clockId={extendable.find((d) => d.kind === extendKind)?.id} />
            </Form.Item>
            <Form.Item name="reason" label={t('report.extendReason')} rules={[required, { min: 5, max: 500 }]}>
              <Input.TextArea rows={3} data-testid="action-note" />
            </Form.Item>
          </>
        ) : null}
        {error ? <Alert type="error" showIcon message={error} data-testid="action-error" /> : null}
      </Form>
    </Modal>
  );
}
