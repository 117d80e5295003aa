/**
 * The addressee of a clue's letter (了结函, 澄清函) and its download links: picked from the clue
 * (each subject, the unit each works in) or, under "其他收件人", typed; the server checks a picked
 * one against the clue and records a typed one as typed.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type LetterAddressee, type LetterTo, letterAddressees } from '../../api/clue-disposal.js';
import { errorMessage } from '../../api/request.js';

/** The choice in the addressee select that stands for "type another". */
const TYPED = 'typed';

/** The addressee select and the letter's PDF and DOCX links (`urlOf` builds them for the chosen addressee). */
export function LetterPicker({
  clueId,
  urlOf,
  testId = 'conclusion-letter',
  idPrefix = 'letter',
  label = 'letter',
}: {
  clueId: string;
  urlOf: (format: 'pdf' | 'docx', to: LetterTo) => string;
  /** Test id of the whole picker; `idPrefix` prefixes its parts' (`-addressee`, `-pdf` …). */
  testId?: string;
  idPrefix?: string;
  /** Which letter the buttons name: 了结函 or 澄清函. */
  label?: 'letter' | 'clarification';
}) {
  const { t } = useTranslation();
  const [offered, setOffered] = useState<LetterAddressee[]>([]);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    letterAddressees(clueId).then(
      (list) => {
        setOffered(list);
        setChoice((c) => c ?? list[0]?.key);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [clueId]);
  const to: LetterTo | null =
    choice === TYPED ? (typed.trim() ? { recipient: typed.trim() } : null) : choice ? { addressee: choice } : null;
  const options = [
    ...offered.map((a) => ({
      value: a.key,
      label: `${a.text}（${t(`clueDisposal.recipientKind.${a.kind}`)}）`,
    })),
    { value: TYPED, label: t('clueDisposal.recipientOther') },
  ];
  return (
    <Space wrap style={{ marginTop: 12 }} data-testid={testId}>
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Select
        value={choice}
        onChange={setChoice}
        options={options}
        placeholder={t('clueDisposal.recipient')}
        style={{ width: 300 }}
        data-testid={`${idPrefix}-addressee`}
      />
      {choice === TYPED ? (
        <Input
          placeholder={t('clueDisposal.recipientTyped')}
          value={typed}
          maxLength={100}
          onChange={(e) => setTyped(e.target.value)}
          style={{ width: 240 }}
          data-testid={`${idPrefix}-recipient`}
        />
      ) : null}
      <Button disabled={!to} href={to ? urlOf('pdf', to) : undefined} data-testid={`${idPrefix}-pdf`}>
        {t(label === 'letter' ? 'clueDisposal.letterPdf' : 'verification.letterPdf')}
      </Button>
      <Button disabled={!to} href={to ? urlOf('docx', to) : undefined} data-testid={`${idPrefix}-docx`}>
        {t(label === 'letter' ? 'clueDisposal.letterDocx' : 'verification.letterDocx')}
      </Button>
    </Space>
  );
}
