/**
 * The save step of a form in a drawer or modal: a busy flag, the last error in the user's
 * language (shown inline), and on success a message ("已保存" unless told otherwise) and the
 * caller's `onSaved` with what the write answered.
 */
import { useCallback, useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/request.js';

/** `run(write)`: shows `doneKey` and calls `onSaved(result)` after `write`, or keeps its error. */
export function useSaveAction<T = unknown>(onSaved: (result: T) => void, doneKey = 'common.saved') {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (write: () => Promise<T>) => {
      setSaving(true);
      setError(null);
      try {
        const result = await write();
        message.success(t(doneKey));
        onSaved(result);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setSaving(false);
      }
    },
    [message, onSaved, t, doneKey],
  );
  return { saving, error, setError, run };
}
