/** Swedish personal identity numbers (personnummer and samordningsnummer) in free text. */
import Personnummer from 'personnummer';

// Only the shape is matched here; whether the date exists and the check digit fits is left to the package,
// so dates, phone numbers and case numbers that happen to have the shape are dropped there.
// The lookarounds keep ten or twelve digits out of a longer run (an account or card number).
// The century is limited to 19 and 20 because any other twelve-digit run is far likelier not to be a person.
// No-break spaces and dash look-alikes are accepted because text pasted from Word or Outlook carries them.
const CANDIDATE = /(?<!\d)(?:(?:19|20)\d{6}|\d{6})[-+ \u00a0\u202f\u2010\u2011\u2012\u2013\u2212]?\d{4}(?!\d)/g;

// Coordination numbers are issued to people who are not registered in Sweden and identify them just as well.
// Interim numbers contain letters and never match CANDIDATE anyway.
const OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

function isValid(candidate: string): boolean {
  // The written separator is dropped. In the ten-digit form it only says whether the person is 100 or older, and a
  // writer who got that wrong (e.g. 000229+… for someone born on 29 February 2000) still wrote a person's number.
  return Personnummer.valid(candidate.replace(/\D/g, ''), OPTIONS);
}

/** Swedish personnummer or samordningsnummer found in free text (checksum-valid), as they were written. */
export function findPersonalIdentityNumbers(text: string): string[] {
  // A rejected candidate cannot hide the start of another: inside a match, only its last four digits follow a
  // non-digit, and four digits are too few to begin one.
  return Array.from(text.matchAll(CANDIDATE), (m) => m[0]).filter(isValid);
}

export function containsPersonalIdentityNumber(text: string): boolean {
  return findPersonalIdentityNumbers(text).length > 0;
}
