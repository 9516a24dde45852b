import type { Plan } from '../../domain/plan';
import { capped, FULL_DETAIL, MAX_BUTTONS, type Detail } from './budget';

export interface PlanChoiceView {
  heading: string;
  intro: string;
  plans: Array<{ id: string; title: string; detail: string; target: string }>;
  buttons: Array<{ id: string; title: string; target: string }>;
  footer: string;
}

/**
 * "Vilken plan?": where a person or a channel has several plans and /status did not name one.
 * Each plan is a choice on the card that opens what was asked for in that plan.
 */
export function planChoiceView(plans: Plan[], target: string, detail: Detail = FULL_DETAIL): PlanChoiceView {
  const example = `/status ${plans[0]?.id ?? ''}${target ? ` ${target}` : ''}`;
  return {
    heading: 'Vilken plan?',
    intro: `Här följs ${plans.length} åtgärdsplaner upp. Välj en, eller skriv planens namn efter /status, t.ex. ${example}.`,
    plans: capped(
      plans.map((p) => ({ id: p.id, title: p.title, detail: `${p.organisation} · ${p.id}`, target })),
      detail.items,
      (more) => ({ id: '', title: `… och ${more} till`, detail: 'Skriv planens namn efter /status.', target }),
    ),
    buttons: plans.slice(0, MAX_BUTTONS).map((p) => ({ id: p.id, title: p.id, target })),
    footer: `Planernas namn: ${plans.map((p) => p.id).join(', ')}.`,
  };
}
