import type { PaperFormState } from '../../app/committeePaper';
import { formatSwedishDateTime } from '../../domain/dates';
import { maskPersonalIdentityNumbers } from '../../domain/personalData';
import { PAPER_FIELD_RULES, type PaperField, type PaperForm, type PaperProblem } from '../../domain/paper';

export interface PaperFieldView {
  id: PaperField;
  label: string;
  placeholder: string;
  multiline: boolean;
  max: number;
  value: string;
}

export interface PaperView {
  heading: string;
  intro: string;
  notice: Array<{ text: string }>;
  problems: Array<{ text: string }>;
  sections: Array<{ title: string; fields: PaperFieldView[] }>;
  basedOn: number;
  footer: string;
}

/** What each field asks for, in the words of the paper. */
const PLACEHOLDERS: Record<PaperField, string> = {
  diarienummer: 'Ärendets diarienummer, t.ex. HÄ 2026/1234',
  department: 'Avdelningen som har berett ärendet',
  officerName: 'För- och efternamn',
  officerTitle: 'T.ex. utvecklingsledare',
  officerPhone: 'T.ex. 08-508 00 000',
  officerEmail: 'fornamn.efternamn@stockholm.se',
  proposal: 'En beslutspunkt per rad',
  summary: 'Sammanfattningen i några meningar',
  auditDate: 'T.ex. 15 maj 2025',
  planDecision: 'När och hur nämnden beslutade om åtgärdsplanen, t.ex. protokollsparagraf',
  samverkan: 'Hur ärendet har behandlats i samverkan med de fackliga organisationerna',
  childRights: 'Hur beslutet påverkar barn, med barnets bästa i fokus',
  director: 'Stadsdelsdirektörens namn',
  departmentHead: 'Avdelningschefens namn',
};

const SECTIONS: Array<{ title: string; fields: PaperField[] }> = [
  {
    title: 'Ärendet',
    fields: ['diarienummer', 'department', 'officerName', 'officerTitle', 'officerPhone', 'officerEmail'],
  },
  { title: 'Bakgrund', fields: ['auditDate', 'planDecision'] },
  { title: 'Texterna', fields: ['proposal', 'summary', 'samverkan', 'childRights'] },
  { title: 'Underskrifter', fields: ['director', 'departmentHead'] },
];

/**
 * The Tjänsteutlåtande form: the parts as written, or the bot's drafts, or the rejected input with
 * any personal identity number masked. Each field's label says when it shows a draft.
 */
export function paperView(
  state: PaperFormState,
  options: { values?: PaperForm; problems?: PaperProblem[]; notice?: string } = {},
): PaperView {
  const values = options.values ?? state.values;
  const field = (id: PaperField): PaperFieldView => {
    const rule = PAPER_FIELD_RULES[id];
    const drafted = !options.values && state.drafted.includes(id);
    return {
      id,
      label: drafted ? `${rule.label} (utkast ur uppföljningen)` : rule.label,
      placeholder: PLACEHOLDERS[id],
      multiline: rule.shape === 'text',
      max: rule.max,
      value: maskPersonalIdentityNumbers(values[id] ?? '').text,
    };
  };
  const saved = state.latest
    ? `Senast sparat ${formatSwedishDateTime(state.latest.savedAt)} av ${state.latest.savedBy.name}.`
    : 'Inget är sparat ännu.';
  return {
    heading: 'Tjänsteutlåtandet',
    intro:
      'Det som bara människor kan skriva i tjänsteutlåtandet till nämnden. Resten tas fram ur uppföljningen. ' +
      `${saved} Varje sparande sparas med namn och tidpunkt och loggas; en fastställd version ändras aldrig.`,
    notice: options.notice ? [{ text: options.notice }] : [],
    problems: (options.problems ?? []).map((p) => ({ text: p.message })),
    sections: SECTIONS.map((s) => ({ title: s.title, fields: s.fields.map(field) })),
    basedOn: state.edition,
    footer:
      state.missing.length > 0
        ? `Inte ifyllt ännu: ${state.missing.join(', ').toLowerCase()}. Tjänsteutlåtandet skriver ”Anges före fastställandet” där.`
        : 'Alla uppgifter som tjänsteutlåtandet behöver är ifyllda.',
  };
}
