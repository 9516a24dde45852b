import type { DashboardHistory, DashboardView, HistoryFilter } from '../src/app/dashboard';

export type { DashboardActivity, DashboardHistory, DashboardView, HistoryFilter } from '../src/app/dashboard';

export interface Me {
  name: string;
  local: boolean;
  plans: Array<{ id: string; title: string; role: DashboardView['role'] }>;
}

export interface Person {
  userId: string;
  name: string;
  role: string;
}

/** How a request proves who it is for: a Teams SSO token, or locally the person picked in the page. */
export type Credentials = { kind: 'token'; token: () => Promise<string> } | { kind: 'local'; userId: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function headers(credentials: Credentials): Promise<Record<string, string>> {
  return credentials.kind === 'token'
    ? { authorization: `Bearer ${await credentials.token()}` }
    : { 'x-lokal-anvandare': credentials.userId };
}

async function request(path: string, credentials: Credentials): Promise<Response> {
  const res = await fetch(path, { headers: await headers(credentials) });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(res.status, body.message ?? `Något gick fel (HTTP ${res.status}).`);
  }
  return res;
}

export const api = {
  me: async (c: Credentials): Promise<Me> => (await request('/api/tab/me', c)).json(),
  plan: async (c: Credentials, planId: string): Promise<DashboardView> =>
    (await request(`/api/tab/plans/${encodeURIComponent(planId)}`, c)).json(),
  /** One activity's answers, narrowed by status and period on the server. */
  history: async (
    c: Credentials,
    planId: string,
    activityId: string,
    filter: HistoryFilter,
  ): Promise<DashboardHistory> => {
    const query = new URLSearchParams(
      Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    );
    const path = `/api/tab/plans/${encodeURIComponent(planId)}/activities/${encodeURIComponent(activityId)}/history`;
    return (await request(query.size ? `${path}?${query}` : path, c)).json();
  },
  /** The people of local mode, or undefined when the server is in production (there is no one to pick). */
  async people(): Promise<Person[] | undefined> {
    const res = await fetch('/api/tab/people');
    return res.ok ? ((await res.json()) as { people: Person[] }).people : undefined;
  },
  /** Fetches a file with the credentials and hands it to the browser as a download. */
  async download(c: Credentials, path: string, name: string): Promise<void> {
    const blob = await (await request(path, c)).blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
