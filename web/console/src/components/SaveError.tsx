/**
 * The error of a form's last save (`useSaveAction`'s `error`: the server's refusal in the user's
 * language), shown above the form; nothing while there is none.
 */
import { Alert } from 'antd';

/** The save error as a red alert whose test id is `testId`, or nothing. */
export function SaveError({ error, testId }: { error: string | null; testId: string }) {
  if (!error) return null;
  return <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid={testId} />;
}
