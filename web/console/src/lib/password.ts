/** The password policy as the console shows and pre-checks it (the server enforces it: WEAK_PASSWORD). */

/** Which parts of the policy a candidate password meets. */
export interface PolicyCheck {
  length: boolean;
  classes: boolean;
  classCount: number;
}

/** Checks a password: at least 10 characters and 3 of 4 classes (upper, lower, digit, symbol). */
export function checkPassword(password: string): PolicyCheck {
  const classCount = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return { length: [...password].length >= 10, classes: classCount >= 3, classCount };
}

/** Whether a password meets the whole policy. */
export function meetsPolicy(password: string): boolean {
  const check = checkPassword(password);
  return check.length && check.classes;
}
