/** The villages a disclosure dialog may prepare for, loaded when it opens. */
import { useEffect, useState } from 'react';
import { type CalendarLine, getCalendar } from '../../api/disclosure.js';
import { errorMessage } from '../../api/request.js';

/**
 * The villages of the publication calendar (the ones the actor reaches), fetched each time the
 * dialog opens; with only one, `setRegion` fills it in. A failure goes to `onError`.
 */
export function useDisclosureVillages(
  open: boolean,
  setRegion: (regionCode: string) => void,
  onError: (message: string) => void,
): CalendarLine[] {
  const [villages, setVillages] = useState<CalendarLine[]>([]);
  useEffect(() => {
    if (!open) return;
    void getCalendar()
      .then((c) => {
        setVillages(c.items);
        if (c.items.length === 1) setRegion(c.items[0]!.regionCode);
      })
      .catch((err: unknown) => onError(errorMessage(err)));
    // setRegion and onError are the caller's form and state setter: opening is what refetches.
  }, [open]);
  return villages;
}
