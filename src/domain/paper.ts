import type { Person } from './answer';
import { containsPersonalIdentityNumber } from './personalData';
import { isBlank, textLength } from './text';

/**
 * What only people can write in the committee's paper (tjänsteutlåtande). Each part left out is
 * drafted from the data where the bot can (the proposal, the summary, the child-rights
 * perspective) and otherwise shown as still to be given.
 */
export interface PaperDetails {
  diarienummer?: string;
  department?: string;
  caseOfficer?: { name: string; title?: string; phone?: string; email?: string };
  proposal?: string[];
  summary?: string;
  auditDate?: string;
  planDecision?: string;
  samverkan?: string;
  childRights?: string;
  signatories?: { director?: string; departmentHead?: string };
}

/** One saved state of the paper's parts. Editions are only ever added: the next has the next number. */
export interface PaperEdition {
  planId: string;
  edition: number;
  savedAt: string;
  savedBy: Person;
  details: PaperDetails;
}

/** The paper's parts as a form has them: one text per field. */
export const PAPER_FIELDS = [
  'diarienummer',
  'department',
  'officerName',
  'officerTitle',
  'officerPhone',
  'officerEmail',
  'proposal',
  'summary',
  'auditDate',
  'planDecision',
  'samverkan',
  'childRights',
  'director',
  'departmentHead',
] as const;
export type PaperField = (typeof PAPER_FIELDS)[number];
export type PaperForm = Partial<Record<PaperField, string>>;

type Shape = 'line' | 'text' | 'email' | 'phone';

/** Each field's label (as the paper names it), its longest length and its shape: one table for the form and the rules. */
export const PAPER_FIELD_RULES: Record<PaperField, { label: string; max: number; shape: Shape }> = {
  diarienummer: { label: 'Diarienummer', max: 40, shape: 'line' },
  department: { label: 'Avdelning', max: 200, shape: 'line' },
  officerName: { label: 'Handläggarens namn', max: 200, shape: 'line' },
  officerTitle: { label: 'Handläggarens titel', max: 200, shape: 'line' },
  officerPhone: { label: 'Handläggarens telefon', max: 40, shape: 'phone' },
  officerEmail: { label: 'Handläggarens e-post', max: 200, shape: 'email' },
  proposal: { label: 'Förvaltningens förslag till beslut', max: 2000, shape: 'text' },
  summary: { label: 'Sammanfattning', max: 4000, shape: 'text' },
  auditDate: { label: 'Revisionsrapportens datum', max: 100, shape: 'line' },
  planDecision: { label: 'Nämndens beslut om åtgärdsplanen', max: 1000, shape: 'text' },
  samverkan: { label: 'Samverkan', max: 2000, shape: 'text' },
  childRights: { label: 'Barnrättsperspektiv', max: 4000, shape: 'text' },
  director: { label: 'Stadsdelsdirektör', max: 200, shape: 'line' },
  departmentHead: { label: 'Avdelningschef', max: 200, shape: 'line' },
};

/** The parts the bot drafts from the data when nobody has written them. */
export const DRAFTED_FIELDS = ['proposal', 'summary', 'childRights'] as const satisfies readonly PaperField[];

/** The parts a paper is not complete without; the confirmation before fixing names those still missing. */
export const REQUIRED_FIELDS = [
  'diarienummer',
  'officerName',
  'planDecision',
  'samverkan',
  'director',
  'departmentHead',
] as const satisfies readonly PaperField[];

export interface PaperProblem {
  field: PaperField;
  message: string;
  personalData?: true;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,}$/;

/** The rules a paper's parts meet before they are kept; each problem names its field in Swedish. */
export function checkPaper(form: PaperForm, personalData: readonly PaperField[] = []): PaperProblem[] {
  const problems: PaperProblem[] = [];
  const officerGiven = (['officerTitle', 'officerPhone', 'officerEmail'] as const).some((f) => given(form[f]));
  if (officerGiven && !given(form.officerName) && !personalData.includes('officerName')) {
    problems.push({
      field: 'officerName',
      message: 'Handläggarens namn saknas: skriv det, eller töm de andra handläggarfälten.',
    });
  }
  for (const field of PAPER_FIELDS) {
    const value = form[field];
    const { label, max, shape } = PAPER_FIELD_RULES[field];
    if (personalData.includes(field) || (value !== undefined && containsPersonalIdentityNumber(value))) {
      problems.push({
        field,
        personalData: true,
        message:
          `${label} innehåller något som ser ut som ett personnummer eller samordningsnummer. ` +
          'Tjänsteutlåtandet handlar om verksamhetens arbete, aldrig om ett barn eller en familj: skriv om utan personuppgifter.',
      });
      continue;
    }
    if (value === undefined || isBlank(value)) continue;
    if (textLength(value) > max) {
      problems.push({ field, message: `${label} får vara högst ${max} tecken (nu ${textLength(value)}).` });
    } else if (shape === 'line' && /\n/.test(value)) {
      problems.push({ field, message: `${label} ska stå på en rad.` });
    } else if (shape === 'email' && !EMAIL.test(value)) {
      problems.push({
        field,
        message: `${label} ser inte ut som en e-postadress, t.ex. fornamn.efternamn@stockholm.se.`,
      });
    } else if (shape === 'phone' && !PHONE.test(value)) {
      problems.push({ field, message: `${label} ska vara ett telefonnummer, t.ex. 08-508 00 000.` });
    }
  }
  return problems;
}

const given = (v: string | undefined): string | undefined => (v === undefined || isBlank(v) ? undefined : v.trim());

/** The paper's parts from a form: blank fields are left out, the proposal is one paragraph per line. */
export function detailsFromForm(form: PaperForm): PaperDetails {
  const v = (f: PaperField) => given(form[f]);
  const proposal = v('proposal')
    ?.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const officerName = v('officerName');
  const officer = officerName
    ? {
        name: officerName,
        ...(v('officerTitle') ? { title: v('officerTitle') } : {}),
        ...(v('officerPhone') ? { phone: v('officerPhone') } : {}),
        ...(v('officerEmail') ? { email: v('officerEmail') } : {}),
      }
    : undefined;
  const signatories = {
    ...(v('director') ? { director: v('director') } : {}),
    ...(v('departmentHead') ? { departmentHead: v('departmentHead') } : {}),
  };
  const details: PaperDetails = {
    ...(v('diarienummer') ? { diarienummer: v('diarienummer') } : {}),
    ...(v('department') ? { department: v('department') } : {}),
    ...(officer ? { caseOfficer: officer } : {}),
    ...(proposal && proposal.length > 0 ? { proposal } : {}),
    ...(v('summary') ? { summary: v('summary') } : {}),
    ...(v('auditDate') ? { auditDate: v('auditDate') } : {}),
    ...(v('planDecision') ? { planDecision: v('planDecision') } : {}),
    ...(v('samverkan') ? { samverkan: v('samverkan') } : {}),
    ...(v('childRights') ? { childRights: v('childRights') } : {}),
    ...(Object.keys(signatories).length > 0 ? { signatories } : {}),
  };
  return details;
}

/** A form with the paper's parts in it, the reverse of detailsFromForm. */
export function formFromDetails(d: PaperDetails): PaperForm {
  const entries: Array<[PaperField, string | undefined]> = [
    ['diarienummer', d.diarienummer],
    ['department', d.department],
    ['officerName', d.caseOfficer?.name],
    ['officerTitle', d.caseOfficer?.title],
    ['officerPhone', d.caseOfficer?.phone],
    ['officerEmail', d.caseOfficer?.email],
    ['proposal', d.proposal?.join('\n')],
    ['summary', d.summary],
    ['auditDate', d.auditDate],
    ['planDecision', d.planDecision],
    ['samverkan', d.samverkan],
    ['childRights', d.childRights],
    ['director', d.signatories?.director],
    ['departmentHead', d.signatories?.departmentHead],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as PaperForm;
}

/** The fields whose value differs between two sets of parts. */
export function changedFields(before: PaperDetails, after: PaperDetails): PaperField[] {
  const a = formFromDetails(before);
  const b = formFromDetails(after);
  return PAPER_FIELDS.filter((f) => (a[f] ?? '') !== (b[f] ?? ''));
}

/** The labels of the required parts nobody has written yet. */
export function missingParts(d: PaperDetails): string[] {
  const form = formFromDetails(d);
  return REQUIRED_FIELDS.filter((f) => form[f] === undefined).map((f) => PAPER_FIELD_RULES[f].label);
}
