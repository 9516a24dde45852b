/** An evidence link (länk till underlag): where the routine or minutes can be read, and nothing else. */

export type EvidenceLinkProblem = 'notHttps' | 'credentials' | 'ipAddress' | 'singleLabel' | 'invalid';

export type EvidenceLinkCheck = { ok: true; href: string; host: string } | { ok: false; problem: EvidenceLinkProblem };

// Each label of a DNS name after IDNA (the URL parser turns "räksmörgås.se" into "xn--rksmrgs-5wao1o.se").
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * An https link to a named host. Credentials in the link, IP addresses and single-label hosts
 * (intranet short names, "localhost") are refused; the host is given as the URL parser writes it,
 * so an international name shows in punycode and cannot pass for another.
 */
export function checkEvidenceLink(value: string): EvidenceLinkCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'notHttps' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  const host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[') || IPV4.test(host)) return { ok: false, problem: 'ipAddress' };
  const labels = host.split('.');
  if (labels.length < 2 || /^\d+$/.test(labels.at(-1)!)) return { ok: false, problem: 'singleLabel' };
  if (!labels.every((l) => LABEL.test(l))) return { ok: false, problem: 'invalid' };
  return { ok: true, href: url.href, host };
}
