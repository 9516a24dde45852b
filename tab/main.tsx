import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Button,
  Dropdown,
  Field,
  FluentProvider,
  Option,
  Spinner,
  Text,
  Title2,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  type Theme,
} from '@fluentui/react-components';
import { app, authentication, pages } from '@microsoft/teams-js';
import { api, ApiError, type Credentials, type Me, type Person } from './api';
import { Dashboard } from './Dashboard';

const THEMES: Record<string, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

const params = new URLSearchParams(location.search);

/** In Teams, Outlook or the Microsoft 365 app: TeamsJS answers within a moment; elsewhere it never does. */
async function inHost(): Promise<boolean> {
  // Teams, Outlook and the Microsoft 365 app frame the tab (or, on mobile, give it a native bridge);
  // a page opened on its own needs no wait for TeamsJS to give up.
  const bridge = (window as unknown as { nativeInterface?: unknown }).nativeInterface;
  if (window.parent === window && !bridge) return false;
  try {
    await Promise.race([app.initialize(), new Promise((_, reject) => setTimeout(reject, 1500))]);
    return true;
  } catch {
    return false;
  }
}

/** The host's theme, followed as it changes; outside a host the ?tema= parameter or the browser's own choice. */
function useHostTheme(hosted: boolean | undefined): string {
  const fallback =
    params.get('tema') ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default');
  const [theme, setTheme] = useState(fallback);
  useEffect(() => {
    if (!hosted) return;
    void app.getContext().then((context) => setTheme(context.app.theme));
    app.registerOnThemeChangeHandler(setTheme);
  }, [hosted]);
  return theme;
}

function ConfigurationPage({ me }: { me: Me }) {
  const [planId, setPlanId] = useState(me.plans[0]?.id);
  useEffect(() => {
    pages.config.registerOnSaveHandler((save) => {
      const plan = me.plans.find((p) => p.id === planId);
      void pages.config
        .setConfig({
          entityId: `plan-${planId}`,
          contentUrl: `${location.origin}/tab?vy=kanal&plan=${encodeURIComponent(planId ?? '')}`,
          websiteUrl: `${location.origin}/tab?plan=${encodeURIComponent(planId ?? '')}`,
          suggestedDisplayName: plan ? `Uppföljning: ${plan.title}`.slice(0, 100) : 'Uppföljning',
        })
        .then(() => save.notifySuccess());
    });
    pages.config.setValidityState(planId !== undefined);
  }, [planId, me.plans]);
  return (
    <main style={{ padding: tokens.spacingHorizontalXL }}>
      <Title2 as="h1">Vilken plan ska fliken visa?</Title2>
      <Field label="Plan">
        <Dropdown
          value={me.plans.find((p) => p.id === planId)?.title ?? ''}
          selectedOptions={planId ? [planId] : []}
          onOptionSelect={(_e, d) => setPlanId(d.optionValue)}
        >
          {me.plans.map((p) => (
            <Option key={p.id} value={p.id}>
              {p.title}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </main>
  );
}

function LocalPicker({ people, onPick }: { people: Person[]; onPick: (p: Person) => void }) {
  return (
    <main style={{ padding: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalM }}>
      <Title2 as="h1">Uppföljning – lokalt läge</Title2>
      <Text>
        Boten körs utan inloggning (inget app-id). Välj vem du vill se planen som: Agents Playgrounds användare, så som
        driftsättningen ger dem roller.
      </Text>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS }}>
        {people.map((p) => (
          <Button key={p.userId} onClick={() => onPick(p)}>
            {p.name} ({p.role})
          </Button>
        ))}
      </div>
    </main>
  );
}

function Root() {
  const [hosted, setHosted] = useState<boolean>();
  const [people, setPeople] = useState<Person[]>();
  const [credentials, setCredentials] = useState<Credentials>();
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const theme = useHostTheme(hosted);

  useEffect(() => {
    void (async () => {
      const host = await inHost();
      setHosted(host);
      const local = await api.people();
      if (local) {
        setPeople(local);
        const chosen = local.find((p) => p.userId === params.get('som'));
        if (chosen) setCredentials({ kind: 'local', userId: chosen.userId });
      } else if (host) {
        setCredentials({ kind: 'token', token: () => authentication.getAuthToken() });
      } else {
        setError('Öppna fliken i Teams, Outlook eller Microsoft 365-appen för att logga in.');
      }
    })();
  }, []);

  useEffect(() => {
    if (!credentials) return;
    api
      .me(credentials)
      .then(setMe)
      .catch((e: unknown) =>
        setError(e instanceof ApiError && e.status === 401 ? 'Du är inte inloggad.' : (e as Error).message),
      );
  }, [credentials]);

  const pick = (p: Person) => {
    const url = new URL(location.href);
    url.searchParams.set('som', p.userId);
    history.replaceState(null, '', url);
    setMe(undefined);
    setCredentials({ kind: 'local', userId: p.userId });
  };

  let body;
  if (error) body = <Text role="alert">{error}</Text>;
  else if (people && !credentials) body = <LocalPicker people={people} onPick={pick} />;
  else if (!me || !credentials) body = <Spinner label="Hämtar uppföljningen …" />;
  else if (params.get('vy') === 'konfiguration' && hosted) body = <ConfigurationPage me={me} />;
  else
    body = (
      <Dashboard
        me={me}
        credentials={credentials}
        planId={params.get('plan') ?? undefined}
        people={people}
        onPick={pick}
      />
    );

  return (
    <FluentProvider theme={THEMES[theme] ?? teamsLightTheme} style={{ minHeight: '100vh' }}>
      {body}
    </FluentProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
