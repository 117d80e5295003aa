/**
 * The handling mode's fields of the filing request: the mode, its reason picked from the county's
 * list (only the reasons that support the mode), a note (required for 其他), and the unit, zone or
 * other organ the mode needs — shown only when it needs them. Fields live under `handling` of
 * the surrounding form.
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { HANDLING_MODES, type HandlingMode, type ModeReason, modeReasons } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { type RemoteOption, UnitSelect, ZoneSelect } from '../../components/RemoteSelect.js';

/** What each mode asks for besides its reason. */
const NEEDS: Record<
  HandlingMode,
  { unit: 'required' | 'optional' | null; zone: boolean; coOrgan: 'required' | 'optional' | null }
> = {
  self: { unit: null, zone: false, coOrgan: null },
  zone: { unit: null, zone: true, coOrgan: null },
  escalated: { unit: null, zone: false, coOrgan: null },
  cross: { unit: 'required', zone: false, coOrgan: null },
  off_site: { unit: 'required', zone: false, coOrgan: null },
  designated: { unit: 'required', zone: false, coOrgan: 'optional' },
  joint: { unit: 'optional', zone: false, coOrgan: 'required' },
  flagged: { unit: 'optional', zone: false, coOrgan: 'required' },
};

/** The `handling` part of the form's values. */
export interface HandlingValues {
  mode: HandlingMode;
  reason?: string;
  reasonNote?: string;
  handlingUnitId?: string | null;
  zoneId?: string | null;
  coOrgan?: string;
}

/** The body's `handling` from the form's values: only the fields the mode uses. */
export function handlingBody(v: HandlingValues) {
  const needs = NEEDS[v.mode];
  return {
    mode: v.mode,
    reason: v.reason ?? '',
    reasonNote: v.reasonNote?.trim() || null,
    handlingUnitId: needs.unit ? (v.handlingUnitId ?? null) : null,
    zoneId: needs.zone ? (v.zoneId ?? null) : null,
    coOrgan: needs.coOrgan ? v.coOrgan?.trim() || null : null,
  };
}

/** The fields. `initialUnit` / `initialZone` label a unit or zone already chosen (a revision). */
export function HandlingFields<V extends { handling: HandlingValues }>({
  form,
  initialUnit,
  initialZone,
}: {
  form: FormInstance<V>;
  initialUnit?: RemoteOption | undefined;
  initialZone?: RemoteOption | undefined;
}) {
  const { t } = useTranslation();
  const [reasons, setReasons] = useState<ModeReason[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    modeReasons().then(setReasons, (err: unknown) => setError(errorMessage(err)));
  }, []);
  const mode = Form.useWatch(['handling', 'mode'], form) as HandlingMode | undefined;
  const reason = Form.useWatch(['handling', 'reason'], form) as string | undefined;
  const offered = reasons.filter((r) => mode && r.modes.includes(mode));
  // A reason of another mode is cleared when the mode changes.
  useEffect(() => {
    if (reason && reasons.length > 0 && !offered.some((r) => r.code === reason))
      (form as FormInstance).setFieldValue(['handling', 'reason'], undefined);
    // Only a change of mode or of the list clears the reason.
  }, [mode, reasons]);
  const needs = mode ? NEEDS[mode] : null;
  return (
    <>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name={['handling', 'mode']}
        label={t('case.form.mode')}
        rules={[{ required: true, message: t('case.form.required') }]}
        extra={mode ? <Typography.Text type="secondary">{t(`case.form.modeHint.${mode}`)}</Typography.Text> : null}
      >
        <Select
          options={HANDLING_MODES.map((m) => ({ value: m, label: t(`case.mode.${m}`) }))}
          style={{ maxWidth: 320 }}
          data-testid="filing-mode"
        />
      </Form.Item>
      <Form.Item
        name={['handling', 'reason']}
        label={t('case.form.reason')}
        extra={t('case.form.reasonHint')}
        rules={[{ required: true, message: t('case.form.required') }]}
      >
        <Select
          options={offered.map((r) => ({ value: r.code, label: r.label }))}
          disabled={!mode}
          popupMatchSelectWidth={false}
          style={{ maxWidth: 480 }}
          data-testid="filing-reason"
        />
      </Form.Item>
      <Form.Item
        name={['handling', 'reasonNote']}
        label={t('case.form.reasonNote')}
        rules={
          reason === 'other' ? [{ required: true, whitespace: true, message: t('case.form.reasonNoteRequired') }] : []
        }
      >
        <Input maxLength={500} data-testid="filing-reason-note" />
      </Form.Item>
      {needs?.unit ? (
        <Form.Item
          name={['handling', 'handlingUnitId']}
          label={needs.unit === 'required' ? t('case.form.handlingUnit') : t('case.form.handlingUnitOptional')}
          rules={needs.unit === 'required' ? [{ required: true, message: t('case.form.required') }] : []}
        >
          <UnitSelect
            {...(mode === 'cross' ? { kind: 'township_commission' as const } : {})}
            {...(initialUnit ? { initialOptions: [initialUnit] } : {})}
            style={{ maxWidth: 320 }}
            data-testid="filing-unit"
          />
        </Form.Item>
      ) : null}
      {needs?.zone ? (
        <Form.Item name={['handling', 'zoneId']} label={t('case.form.zone')}>
          <ZoneSelect
            {...(initialZone ? { initialOptions: [initialZone] } : {})}
            style={{ maxWidth: 320 }}
            data-testid="filing-zone"
          />
        </Form.Item>
      ) : null}
      {needs?.coOrgan && mode ? (
        <Form.Item
          name={['handling', 'coOrgan']}
          label={t(`case.form.coOrgan.${mode as 'joint' | 'flagged' | 'designated'}`)}
          rules={
            needs.coOrgan === 'required' ? [{ required: true, whitespace: true, message: t('case.form.required') }] : []
          }
        >
          <Input maxLength={100} style={{ maxWidth: 480 }} data-testid="filing-co-organ" />
        </Form.Item>
      ) : null}
    </>
  );
}
